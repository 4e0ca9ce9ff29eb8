import Foundation
import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// The page `natter export --format html` writes, read as markup: untrusted text in every place a transcript can
/// carry it comes out as text, and other branches fold beside their fork, nested as deep as the tree goes.
@Suite struct HTMLPageTests {
    static let evil = #"<x-evil a="1" onload=alert(1)>&amp;"#

    static func transcript(_ records: [[String: Any]]) throws -> Transcript {
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        return TranscriptReader.parse(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    static func message(_ id: String, _ parent: String?, _ role: String, _ parts: [[String: Any]], extra: [String: Any] = [:]) -> [String: Any] {
        var record: [String: Any] = ["type": "message", "id": id, "role": role, "parts": parts, "ts": "2026-12-07T12:00:00Z"]
        if let parent { record["parent"] = parent }
        return record.merging(extra) { $1 }
    }

    static func text(_ text: String) -> [String: Any] { ["type": "text", "text": text] }

    static func page(_ transcript: Transcript) -> String {
        HTMLExport.render(transcript, id: "20261207-120000-evil", light: Theme.dark, dark: Theme.dark)
    }

    @Test func everyTextFromOutsideIsEscapedWhereverItStands() throws {
        let evil = Self.evil
        let reply = """
            # Heading \(evil)
            Text \(evil) with **bold \(evil)** and `code \(evil)` and [link \(evil)](http://x/\(evil))
            - item \(evil)
            > quote \(evil)

            | a \(evil) | b |
            | --- | --- |
            | \(evil) | cell |

            ```swift \(evil)
            let x = "\(evil)" // \(evil)
            ```
            ```unknown
            \(evil)
            ```
            """
        let transcript = try Self.transcript([
            ["type": "session", "id": "20261207-120000-evil", "created": "2026-12-07T12:00:00Z", "version": 2],
            ["type": "title", "title": "Title \(evil)"],
            ["type": "system", "content": "System \(evil)"],
            ["type": "switch", "provider": "prov\(evil)", "model": "model\(evil)", "ts": "2026-12-07T12:00:00Z"],
            Self.message("u1", nil, "user", [
                Self.text("Question \(evil)"),
                ["type": "attachment", "name": "file\(evil).png", "media_type": "image/png\"><x-evil>", "sha256": String(repeating: "a", count: 64), "bytes": 5],
            ]),
            Self.message("a1", "u1", "assistant", [
                ["type": "reasoning", "text": "Thinking \(evil)"], Self.text(reply),
                ["type": "tool_call", "id": "c1", "name": "tool\(evil)", "server": "server\(evil)", "arguments": "{\"q\":\"\(evil)\"}"],
            ], extra: ["provider": "p\(evil)", "model": "m\(evil)", "finish": "tool_calls"]),
            Self.message("t1", "a1", "tool", [["type": "tool_result", "call_id": "c1", "content": "Result \(evil)", "is_error": true]]),
            Self.message("a2", "t1", "assistant", [Self.text("Half")], extra: ["finish": "error", "error": "Failed \(evil)"]),
        ])
        let page = Self.page(transcript)
        #expect(!page.contains("<x-evil"), "no untrusted markup as markup")
        #expect(!page.contains("alert(1)>"))
        let escaped = page.components(separatedBy: "&lt;x-evil").count - 1
        #expect(escaped >= 25, "every place shown, escaped: \(escaped)")
        #expect(page.contains("&amp;amp;"), "an entity in the text is shown as written, not decoded")
        // Only the page's own elements: whatever a transcript holds opens none.
        let tags = Set(page.matches(of: /<\/?([a-zA-Z][a-zA-Z0-9]*)/).map { String($0.output.1).lowercased() })
        let own: Set = [
            "html", "head", "meta", "title", "style", "body", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6", "p", "article", "div",
            "span", "details", "summary", "figure", "figcaption", "pre", "code", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol",
            "li", "blockquote", "hr", "br", "img", "section",
        ]
        #expect(tags.isSubset(of: own), "\(tags.subtracting(own))")
        #expect(!page.contains("<img"), "an image the store does not have is named, not embedded")
        #expect(!page.contains("href="), "no link on the page reaches anywhere")
    }

    @Test func otherBranchesFoldBesideTheirForkAndForksInsideThemFoldAgain() throws {
        // u1 → a1 (older) → u2 → {b1, b2}; u1 → a2 (active).
        let transcript = try Self.transcript([
            ["type": "session", "id": "20261207-120000-tree", "created": "2026-12-07T12:00:00Z", "version": 2],
            Self.message("u1", nil, "user", [Self.text("question")]),
            Self.message("a1", "u1", "assistant", [Self.text("older answer")]),
            Self.message("u2", "a1", "user", [Self.text("follow-up on the older")]),
            Self.message("b1", "u2", "assistant", [Self.text("first reply to the follow-up")]),
            Self.message("b2", "u2", "assistant", [Self.text("second reply to the follow-up")]),
            Self.message("a2", "u1", "assistant", [Self.text("newer answer")]),
        ])
        let page = Self.page(transcript)
        func at(_ text: String) -> String.Index { page.range(of: text)!.lowerBound }
        #expect(at("newer answer") < at("<details class=\"branches\">"), "the fold comes after the message it forks beside")
        #expect(at("older answer") < at("follow-up on the older"))
        // Inside the fold the newest reply is followed, the first folded beside it.
        #expect(at("follow-up on the older") < at("second reply") && at("second reply") < at("first reply"))
        #expect(page.components(separatedBy: "<details class=\"branches\">").count - 1 == 2)
        #expect(page.components(separatedBy: "</details>").count == page.components(separatedBy: "<details").count, "every fold closed")
    }

    @Test func forksNestedTwentyThousandDeepAreWrittenWithoutRecursion() throws {
        // A root with the active reply, and beside it a line where every message forks again.
        var records: [[String: Any]] = [["type": "session", "id": "20261207-120000-deep", "created": "2026-12-07T12:00:00Z", "version": 2]]
        records.append(Self.message("u", nil, "user", [Self.text("root")]))
        // Each fork's older child goes on (its line is the one folded), the newer is a leaf: the page follows the
        // newest child, so every next fork sits inside the fold of the one before, 20,000 deep.
        var parent = "u"
        for level in 0..<20_000 {
            records.append(Self.message("line\(level)", parent, "assistant", [Self.text("line \(level)")]))
            records.append(Self.message("leaf\(level)", parent, "assistant", [Self.text("leaf \(level)")]))
            parent = "line\(level)"
        }
        records.append(["type": "active", "id": "leaf0"])
        let page = Self.page(try Self.transcript(records))
        #expect(page.contains("leaf 19999") && page.contains("line 19999"))
        #expect(page.components(separatedBy: "<details class=\"branches\">").count - 1 == 20_000)
        // Nested: no fold closes before the deepest message is written.
        let deepest = try #require(page.range(of: "line 19999"))
        #expect(!page[..<deepest.lowerBound].contains("</details>"), "every fold still open at the deepest message")
    }

    @Test func aTreeWhoseLinesDisagreeIsWrittenOnceAndEnds() throws {
        // M is said twice with different parents: the tree keeps the first, and the page writes each message once.
        let transcript = try Self.transcript([
            ["type": "session", "id": "20261207-120000-loop", "created": "2026-12-07T12:00:00Z", "version": 2],
            Self.message("R", nil, "user", [Self.text("root")]),
            Self.message("y", "R", "assistant", [Self.text("why")]),
            Self.message("M", "y", "user", [Self.text("middle")]),
            Self.message("z", "R", "assistant", [Self.text("zed")]),
            Self.message("M", "R", "user", [Self.text("middle again")]),
        ])
        #expect(transcript.conversation["M"]?.parent == "y", "the tree keeps the parent it linked")
        let page = Self.page(transcript)
        for text in ["why", "middle again", "zed"] {  // (the root is the title too)
            #expect(page.components(separatedBy: ">\(text)<").count - 1 == 1, "\(text) once: \(page)")
        }
    }

    @Test func whatFollowsTheActiveLeafIsFoldedAfterIt() throws {
        let transcript = try Self.transcript([
            ["type": "session", "id": "20261207-120000-after", "created": "2026-12-07T12:00:00Z", "version": 2],
            Self.message("q", nil, "user", [Self.text("question")]),
            Self.message("a", "q", "assistant", [Self.text("answer below the leaf")]),
            ["type": "active", "id": "q"],
        ])
        let page = Self.page(transcript)
        #expect(page.contains("answer below the leaf") && page.contains("1 branch after this"))
    }

    @Test func anImageIsEmbeddedOnceWithTheTypeItsBytesSay() throws {
        let store = AttachmentStore(directory: NSTemporaryDirectory() + "natter-html-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")!
        let reference = try store.add(png, name: "dot.png")
        try store.keep([reference])
        let hostile: [String: Any] = [
            "type": "attachment", "name": "dot.png", "media_type": #"image/png"><x-evil>"#, "sha256": reference.sha256, "bytes": png.count,
        ]
        let transcript = try Self.transcript([
            ["type": "session", "id": "20261207-120000-image", "created": "2026-12-07T12:00:00Z", "version": 2],
            Self.message("u1", nil, "user", [Self.text("look"), hostile]),
            Self.message("u2", "u1", "user", [Self.text("again"), hostile]),
            Self.message("u3", "u2", "user", [Self.text("elsewhere"), ["type": "attachment", "name": "x", "media_type": "image/png", "sha256": "../../etc/passwd", "bytes": 1]]),
        ])
        let page = HTMLExport.render(transcript, id: "20261207-120000-image", light: Theme.dark, dark: Theme.dark, attachments: store)
        #expect(page.components(separatedBy: "src=\"data:image/png;base64,").count - 1 == 1, "embedded once")
        #expect(page.contains("shown above") && !page.contains("<x-evil"))
        #expect(page.contains("Attached image x, 1 B, not kept"), "a name that is no digest is looked for nowhere")
    }
}
