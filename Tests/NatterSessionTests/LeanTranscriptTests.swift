import Foundation
import NatterProviders
import Testing

@testable import NatterSession

/// `natter show` and `export` read a transcript lean (the messages' parts stay on disk until printed): every
/// document is the same as from a transcript read whole, for every format, branches, format 1 and replies cut
/// off mid-stream.
@Suite struct LeanTranscriptTests {
    /// The format-1 fixtures and the every-record file, each text made long enough to be left on disk.
    static func files() throws -> [(name: String, text: String)] {
        let padding = String(repeating: "x", count: 700)
        var files: [(String, String)] = []
        for name in ["chat-regenerated-and-switched", "failed-then-continued", "pipe-one-exchange"] {
            let text = String(decoding: try FormatOneFixtureTests.fixture(name), as: UTF8.self)
            files.append((name, text.replacingOccurrences(of: #""content":""#, with: #""content":"\#(padding)"#)))
        }
        let branched = TranscriptTests.everyRecord.compactMap { try? TranscriptCoding.encode($0) }.map { String(decoding: $0, as: UTF8.self) }.joined()
        files.append(("every record", branched.replacingOccurrences(of: #""text":""#, with: #""text":"\#(padding)"#)))
        return files
    }

    @Test func aLeanTranscriptPrintsExactlyAsAWholeOne() throws {
        for (name, text) in try Self.files() {
            let path = NSTemporaryDirectory() + "natter-lean-\(UUID().uuidString).jsonl"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            defer { unlink(path) }
            let whole = try TranscriptReader.read(path: path)
            let lean = try TranscriptReader.read(path: path, lean: true)
            #expect(!lean.partsOnDisk.isEmpty, "\(name): long messages are left on disk")
            #expect(lean.activeBranch.map(\.id) == whole.activeBranch.map(\.id))
            for format in TranscriptExport.Format.allCases {
                for tree in [false, true] {
                    let expected = TranscriptExport.render(whole, id: "s", format: format, tree: tree)
                    let got = TranscriptExport.render(lean, id: "s", format: format, tree: tree)
                    switch format {
                    case .json:
                        // The encoder's key order is its own: compared as JSON.
                        #expect(try JSONValue.parse(Data(got.utf8)) == (try JSONValue.parse(Data(expected.utf8))), "\(name) json tree: \(tree)")
                    case .text, .markdown:
                        #expect(got == expected, "\(name) \(format) tree: \(tree)")
                    }
                }
            }
        }
    }

    @Test func aChainIsIndentedOnlyWhereItBranches() throws {
        var lines = [#"{"type":"session","id":"c","created":"2026-12-01T12:00:00Z","version":2}"#]
        for index in 0..<2000 {
            let parent = index == 0 ? "" : #","parent":"m\#(index - 1)""#
            lines.append(#"{"type":"message","id":"m\#(index)"\#(parent),"role":"\#(index % 2 == 0 ? "user" : "assistant")","parts":[{"type":"text","text":"message \#(index)"}],"ts":"2026-12-01T12:00:01Z"}"#)
        }
        // One branch point near the end: its two children go one step in, and no further down the chain.
        lines.append(#"{"type":"message","id":"other","parent":"m1997","role":"user","parts":[{"type":"text","text":"another way"}],"ts":"2026-12-01T12:00:01Z"}"#)
        let transcript = TranscriptReader.parse(Data((lines.joined(separator: "\n") + "\n").utf8))
        let document = TranscriptExport.render(transcript, id: "c", format: .text, tree: true)
        let headings = document.split(separator: "\n").filter { let text = $0.drop { $0 == " " }; return text.hasPrefix("● ") || text.hasPrefix("○ ") }
        let indents = headings.map { $0.prefix { $0 == " " }.count }
        #expect(indents.count == 2001, "one heading line a message: \(indents.count)")
        #expect(indents.max() == 2, "no line deeper than one branch point: \(indents.max() ?? 0)")
        #expect(document.utf8.count < 2001 * 120, "the output grows with the messages, not with their depth")
    }
}
