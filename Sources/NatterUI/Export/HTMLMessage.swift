import Foundation
import NatterProviders
import NatterSession

extension HTMLExport {
    /// What the page is made from: the transcript (read lean, each message's parts fetched as it is written)
    /// and the store its attachments are in.
    struct Page {
        let transcript: Transcript
        let attachments: AttachmentStore?
        /// What is on the page so far: each message is written once (a damaged tree cannot make the page repeat
        /// itself), each image embedded once (a file can name one 20 MB image ten thousand times).
        var written = Set<String>()
        var embedded = Set<String>()

        /// Tool results longer than this start folded: a page is read for the conversation, not a file listing.
        static let openResultLines = 20

        /// One message: who and when, its reasoning folded, its text (a reply's as markdown, a person's as
        /// written), attachments, tool calls and results, and how it ended when it did not end well.
        mutating func article(_ message: Message) -> String {
            written.insert(message.id)
            let message = transcript.withParts(message)
            let role: String
            switch message.role {
            case .user: role = "user"
            case .assistant: role = "assistant"
            case .system: role = "system"
            case .tool: role = "tool"
            }
            var out = "<article class=\"\(role)\"><div class=\"who\">\(HTMLText.escaped(TranscriptExport.speaker(message)))"
            out += " <span class=\"meta\">\(TranscriptExport.time(message.created))</span></div>\n"
            let reasoning = message.reasoning
            if !reasoning.isEmpty {
                out += "<details class=\"reasoning\"><summary>Thinking</summary><div class=\"plain\">\(HTMLText.escaped(reasoning))</div></details>\n"
            }
            let text = message.text
            if !text.isEmpty {
                switch message.role {
                case .assistant: out += HTMLMarkdown.html(text)
                case .user, .system, .tool: out += "<div class=\"plain\">\(HTMLText.escaped(text))</div>\n"
                }
            }
            for reference in message.attachments { out += attachment(reference) }
            for call in message.toolCalls {
                let name = (call.server.map { $0 + " · " } ?? "") + call.name
                out += "<div class=\"tool\"><div class=\"label\">Tool call \(HTMLText.escaped(name))</div><pre class=\"plain\">\(HTMLText.escaped(call.arguments))</pre></div>\n"
            }
            for result in message.toolResults {
                let lines = result.content.utf8.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
                let open = lines <= Self.openResultLines ? " open" : ""
                let label = result.isError ? "Tool result (error)" : "Tool result"
                out += "<details class=\"tool\(result.isError ? " failed" : "")\"\(open)><summary class=\"label\">\(label), \(lines) line\(lines == 1 ? "" : "s")</summary>"
                out += "<pre class=\"plain\">\(HTMLText.escaped(result.content))</pre></details>\n"
            }
            if let ending = TranscriptExport.ending(message) {
                let failed: Bool
                switch message.finish {
                case .error?, .interrupted?: failed = true
                case .cancelled?, .length?, .contentFilter?, .toolCalls?, .stop?, nil: failed = false
                }
                out += "<p class=\"ending\(failed ? " failed" : "")\">\(HTMLText.escaped(ending))</p>\n"
            }
            return out + "</article>\n"
        }

        /// An image the store has, embedded; anything else named, with its size and whether it is kept.
        private mutating func attachment(_ reference: AttachmentRef) -> String {
            let name = HTMLText.escaped(TerminalText.singleLine(reference.name, limit: 200))
            let size = Quantities.bytes(reference.bytes)
            if embedded.contains(reference.sha256) {
                return "<p class=\"attachment\">Attached image \(name), \(size), shown above</p>\n"
            }
            if let image = attachments?.image(for: reference) {
                embedded.insert(reference.sha256)
                return "<figure><img alt=\"\(name)\" src=\"data:\(image.mediaType);base64,\(image.data.base64EncodedString())\">"
                    + "<figcaption class=\"attachment\">\(name), \(size)</figcaption></figure>\n"
            }
            let kept = attachments.map { $0.has(reference) ? "" : ", not kept" } ?? ""
            return "<p class=\"attachment\">Attached \(reference.kind) \(name), \(size)\(kept)</p>\n"
        }
    }
}
