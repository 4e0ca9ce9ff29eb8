import Foundation
import Testing

/// `natter sessions`, `show` and `show --tree` on a session with two branches, written as format 2 is.
@Suite struct BranchedSessionCommandTests {
    static let id = "20261201-120000-branch"

    /// A question asked twice: the first wording's answer mentions a tapir, the second (active) one does not.
    static func home() throws -> String {
        let home = try Scratch.home()
        let folder = home + "/data/sessions"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let lines = [
            #"{"type":"session","id":"\#(id)","created":"2026-12-01T12:00:00Z","version":2}"#,
            #"{"type":"message","id":"ma","role":"user","parts":[{"type":"text","text":"Name an animal"}],"provider":"local","model":"local-model","ts":"2026-12-01T12:00:01Z"}"#,
            #"{"type":"message","id":"mb","parent":"ma","role":"assistant","parts":[{"type":"text","text":"A tapir."}],"provider":"local","model":"local-model","ts":"2026-12-01T12:00:02Z","finish":"stop"}"#,
            #"{"type":"message","id":"mc","role":"user","parts":[{"type":"text","text":"Name a bird"}],"provider":"local","model":"local-model","ts":"2026-12-01T12:00:03Z"}"#,
            #"{"type":"message","id":"md","parent":"mc","role":"assistant","parts":[{"type":"text","text":"A heron."}],"provider":"local","model":"local-model","ts":"2026-12-01T12:00:04Z","finish":"stop"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/\(id).jsonl", atomically: true, encoding: .utf8)
        return home
    }

    @Test func theListCountsTheActiveBranchAndShowPrintsItOrEveryBranch() async throws {
        let home = try Self.home()
        let (_, listed, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(listed.split(separator: "\n").last?.contains("  2     local · local-model") == true, "\(listed)")

        let (code, shown, _) = try await NatterProcess.run(["show", Self.id], home: home)
        #expect(code == 0)
        #expect(shown.contains("A heron.") && !shown.contains("A tapir."), "\(shown)")

        let (_, tree, _) = try await NatterProcess.run(["show", Self.id, "--tree"], home: home)
        #expect(tree.contains("○ You ‹1/2›") && tree.contains("● You ‹2/2›"), "\(tree)")
        #expect(tree.contains("A tapir.") && tree.contains("A heron."))
        let (_, json, _) = try await NatterProcess.run(["show", Self.id, "--tree", "--format", "json"], home: home)
        let records = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["records"] as? [[String: Any]]
        #expect(records?.filter { $0["type"] as? String == "message" }.count == 4)

        let (_, found, _) = try await NatterProcess.run(["sessions", "--search", "tapir"], home: home)
        #expect(found.contains("reply: A tapir."), "search covers every branch: \(found)")
    }
}
