import Foundation
import NatterTestSupport
import Testing

/// `natter import` as a person runs it: each conversation said as it is kept, the same file again making nothing
/// twice, the sessions then listed, searched and shown like any other, another shape refused with exit 1.
@Suite struct ImportCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/import").path

    @Test func anExportIsKeptOnceAndThenListedSearchedAndShown() async throws {
        let home = try Scratch.home()
        let chatgpt = Self.fixtures + "/chatgpt-conversations.json"
        let (code, out, _) = try await NatterProcess.run(["import", chatgpt], home: home)
        #expect(code == 0 && out.hasSuffix("imported 2, already there 0\n"), "\(out)")
        let (againCode, again, _) = try await NatterProcess.run(["import", chatgpt], home: home)
        #expect(againCode == 0 && again.hasSuffix("imported 0, already there 2\n"), "\(again)")

        let (_, listed, _) = try await NatterProcess.run(["sessions"], home: home)
        #expect(listed.contains("Adding numbers (edited + regenerated)") && listed.contains("openai · gpt-4o"))
        let (_, hits, _) = try await NatterProcess.run(["sessions", "--search", "whiteboard"], home: home)
        #expect(hits.contains("2 + 2"))
        let id = try #require(listed.split(separator: "\n").first { $0.contains("Adding numbers") }.map { String($0.prefix { $0 != " " }) })
        let (_, shown, _) = try await NatterProcess.run(["show", id], home: home)
        #expect(shown.contains("<img src=x onerror=alert(1)>"), "hostile text shown as text")
        #expect(!shown.contains("\u{1B}"), "never an escape sequence")
    }

    @Test func anotherShapeIsRefusedWithWhatWasExpected() async throws {
        let home = try Scratch.home()
        let file = home + "/list.json"
        try #"[{"name": "not a conversation"}]"#.write(toFile: file, atomically: true, encoding: .utf8)
        let (code, out, err) = try await NatterProcess.run(["import", file], home: home)
        #expect(code == 1 && out.isEmpty)
        #expect(err.contains("conversations.json") && err.contains("mapping") && err.contains("chat_messages"), "\(err)")
        let (folderCode, _, folderErr) = try await NatterProcess.run(["import", home], home: home)
        #expect(folderCode == 1 && folderErr.contains("not a regular file"), "\(folderErr)")
    }
}
