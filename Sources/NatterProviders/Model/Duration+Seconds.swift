extension Duration {
    /// The duration as fractional seconds, for backoff arithmetic and for showing a wait to a person.
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
