import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// The importers on exports in ChatGPT's and Claude's published shapes (Tests/Fixtures/import, written from the
/// shapes open-source importers read): branches kept, hidden nodes left out, files named as missing, hostile text
/// kept as text, a second import making nothing twice, another shape refused with what was expected.
@Suite struct ImportTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/import")

    static func store() -> SessionStore {
        let directory = NSTemporaryDirectory() + "natter-import-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return SessionStore(directory: directory)
    }

    /// Imports `name` into `store`; returns the outcomes.
    static func run(_ name: String, into store: SessionStore) throws -> [ConversationImport.Outcome] {
        var outcomes: [ConversationImport.Outcome] = []
        try ConversationImport.run(path: folder.appendingPathComponent(name).path, into: store) { outcomes.append($0) }
        return outcomes
    }

    static func imported(_ outcomes: [ConversationImport.Outcome]) -> [String] {
        outcomes.compactMap { if case .imported(let id, _, _) = $0 { id } else { nil } }
    }

    @Test func chatGPTsBranchesAreKeptAndTheShownBranchIsActive() throws {
        let store = Self.store()
        let ids = Self.imported(try Self.run("chatgpt-conversations.json", into: store))
        #expect(ids.count == 2)
        let summary = try #require(store.list().first { $0.title == "Adding numbers (edited + regenerated)" })
        let transcript = try store.read(id: summary.id)
        let branch = transcript.activeBranch
        // The hidden system root, the code sent to python and its output are left out; the reply after them
        // follows the person's question directly.
        #expect(branch.map(\.role) == [.user, .assistant, .user, .assistant])
        #expect(branch[0].text.contains("<img src=x onerror=alert(1)>") && branch[0].text.contains("\u{1B}[31mRED"), "kept as written: shown defanged")
        #expect(branch[1].text == "That looks like an HTML/terminal injection test; here it is as plain text.", "current_node's branch")
        #expect(branch[2].text.contains("[attachment whiteboard.png, 48 kB: not in the export]"))
        #expect(branch[3].text.contains("**4**") && branch[3].origin == Origin(provider: "openai", model: "gpt-4o"))
        // The edit is a sibling of the first question, the regeneration a sibling of the reply.
        #expect(transcript.conversation.siblings(of: branch[0].id).map(\.text).first == "How do I add two numbers in Python?")
        #expect(transcript.conversation.siblings(of: branch[1].id).map(\.text) == ["First draft reply (regenerated away).", branch[1].text])
        #expect(abs((summary.created?.timeIntervalSince1970 ?? 0) - 1_733_500_000.987654) < 1, "the conversation's own time (the header keeps whole seconds)")
    }

    @Test func claudesAttachmentsThinkingAndBranchesAreKept() throws {
        let store = Self.store()
        _ = try Self.run("claude-conversations.json", into: store)
        let withFiles = try #require(store.list().first { $0.title == "CSV summary with attachment" })
        let transcript = try store.read(id: withFiles.id)
        let branch = transcript.activeBranch
        #expect(branch.map(\.role) == [.user, .assistant])
        #expect(branch[0].text.contains("[attachment sales.csv") && branch[0].text.contains("not in the export"))
        #expect(!branch[1].reasoning.isEmpty, "thinking kept as reasoning")
        #expect(branch[1].origin == nil, "Claude's export names no model")
        // The edited question is the other branch, a sibling of the first.
        #expect(transcript.conversation.siblings(of: branch[0].id).count == 2)
        let untitled = try #require(store.list().first { $0.id != withFiles.id })
        #expect(untitled.displayTitle.hasPrefix("What's the weather API called?"), "no name: its first question")
        #expect(try store.read(id: untitled.id).activeBranch.last?.text.contains("[tool call") == true)
    }

    @Test func aSecondImportMakesNothingTwice() throws {
        let store = Self.store()
        let first = try Self.run("chatgpt-conversations.json", into: store)
        let again = try Self.run("chatgpt-conversations.json", into: store)
        #expect(Self.imported(first).count == 2)
        #expect(Self.imported(again).isEmpty)
        #expect(again.count == 2, "each said to be there already")
        #expect(store.list().count == 2)
    }

    @Test func aNatterSessionFileIsImportedOnce() throws {
        let source = Self.store()
        _ = try Self.run("claude-conversations.json", into: source)
        let session = try #require(source.list().first)
        let store = Self.store()
        var outcomes: [ConversationImport.Outcome] = []
        try ConversationImport.run(path: source.path(for: session.id), into: store) { outcomes.append($0) }
        #expect(Self.imported(outcomes) == [session.id])
        #expect(try store.read(id: session.id).activeBranch.map(\.text) == (try source.read(id: session.id).activeBranch.map(\.text)))
        outcomes = []
        try ConversationImport.run(path: source.path(for: session.id), into: store) { outcomes.append($0) }
        #expect(Self.imported(outcomes).isEmpty)
    }

    @Test func otherShapesAndBrokenFilesAreRefusedWithWhatWasExpected() throws {
        let store = Self.store()
        let folder = NSTemporaryDirectory() + "natter-import-input-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            ("numbers.json", "[1, 2, 3]"), ("object.json", #"{"conversations": 3}"#), ("text.txt", "hello"), ("empty.json", ""),
            ("empty-array.json", "[]"),
        ]
        for (name, content) in cases {
            try content.write(toFile: "\(folder)/\(name)", atomically: true, encoding: .utf8)
            #expect(throws: ConversationImport.Refusal.self, "\(name)") {
                try ConversationImport.run(path: "\(folder)/\(name)", into: store) { _ in }
            }
        }
        do {
            try ConversationImport.run(path: "\(folder)/numbers.json", into: store) { _ in }
        } catch {
            #expect(error.description.contains("conversations.json") && error.description.contains("natter session"), "\(error)")
        }
        // A folder, a FIFO and a dangling link: said, never read.
        try FileManager.default.createDirectory(atPath: "\(folder)/dir.json", withIntermediateDirectories: true)
        mkfifo("\(folder)/fifo.json", 0o600)
        symlink("\(folder)/nowhere", "\(folder)/dangling.json")
        for name in ["dir.json", "fifo.json", "dangling.json"] {
            #expect(throws: ConversationImport.Refusal.self, "\(name)") {
                try ConversationImport.run(path: "\(folder)/\(name)", into: store) { _ in }
            }
        }
        #expect(store.list().isEmpty)
    }
}
