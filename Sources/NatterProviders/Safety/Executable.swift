import Foundation

/// Where a program is on a PATH: the clipboard's commands, doctor's tools and a template's clipboard reader are
/// looked for the way a shell would find them.
public enum Executable {
    public static func path(of name: String, environment: [String: String]) -> String? {
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        return folders.lazy.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
