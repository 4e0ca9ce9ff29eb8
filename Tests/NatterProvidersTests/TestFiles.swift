import Foundation

/// Paths the tests read, and scratch folders they write.
enum TestFiles {
    /// The repository checkout.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// goose's own provider files, which natter must load as they are: the project's copy, so that a clone
    /// passes its tests alone (Tests/Fixtures/goose-declarative/README.md says where they come from).
    static let gooseCompat = repository.appendingPathComponent("Tests/Fixtures/goose-declarative")

    /// A new empty folder, removed by the caller with `remove`.
    static func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "natter-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
