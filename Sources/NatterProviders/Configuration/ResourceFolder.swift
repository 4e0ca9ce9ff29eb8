import Foundation

/// Where a target's resources (the built-in providers, the themes) are, found beside the running program
/// without Foundation's `Bundle`. `Bundle.module` on Linux creates a CFBundle, which lists and stats the
/// program's folder and the bundle's several times over; at start-up that was 40 % of reading the 30
/// built-in provider files (issue 13, first frame). SwiftPM copies a target's resources to
/// `<package>_<target>.resources` beside the executable (and the test runner), which is looked at first;
/// `Bundle.module`, given by the caller, stays the fallback for any other layout.
public enum ResourceFolder {
    /// The running program itself, links resolved, however it was started (a relative path, a link, $PATH):
    /// on Linux from `/proc/self/exe` (one `readlink`); elsewhere (macOS has no /proc) from Foundation.
    public static let executablePath: String? = {
        #if os(Linux)
        return try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        #else
        return Bundle.main.executableURL?.resolvingSymlinksInPath().path
        #endif
    }()

    /// The folder holding the running executable.
    static let executableDirectory: String? = executablePath.map { ($0 as NSString).deletingLastPathComponent }

    /// `subfolder` of target `target`'s resources: `natter_<target>.resources/<subfolder>` beside the program
    /// when it is there, else under `fallback()`.
    public static func path(target: String, subfolder: String, fallback: () -> URL?) -> String? {
        if let directory = executableDirectory {
            let beside = "\(directory)/natter_\(target).resources/\(subfolder)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: beside, isDirectory: &isDirectory), isDirectory.boolValue { return beside }
        }
        return fallback()?.appendingPathComponent(subfolder).path
    }
}
