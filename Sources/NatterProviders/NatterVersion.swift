/// The version `natter --version` prints and requests send in their User-Agent.
public enum NatterVersion {
    public static let current = "0.1.0"
}
