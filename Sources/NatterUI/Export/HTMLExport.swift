import Foundation
import NatterProviders
import NatterSession

/// A saved conversation as one page to send to someone (SPEC 14): a single HTML file that needs nothing
/// else. No script, no request to anywhere (its Content-Security-Policy says so to the browser as well), the
/// style sheet inline, images as `data:` URLs. Replies read as the theme shows them on screen; the active
/// branch is the page, and every other branch is folded beside the message it forks from.
public enum HTMLExport {
    /// The page, whole. For tests and small sessions; `write` hands it over in pieces.
    public static func render(_ transcript: Transcript, id: String, light: Theme, dark: Theme, attachments: AttachmentStore? = nil) -> String {
        var page = ""
        write(transcript, id: id, light: light, dark: dark, attachments: attachments) { page += $0 }
        return page
    }

    /// The page handed to `emit` a message at a time, as it is made: a session of 100,000 messages is never
    /// held whole as HTML.
    public static func write(
        _ transcript: Transcript, id: String, light: Theme, dark: Theme, attachments: AttachmentStore? = nil, to emit: (String) -> Void
    ) {
        let title = HTMLText.escaped(TerminalText.singleLine(TranscriptExport.title(transcript), limit: 300))
        emit("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
            <meta name="referrer" content="no-referrer">
            <meta name="generator" content="natter \(HTMLText.escaped(NatterVersion.current))">
            <title>\(title)</title>
            <style>
            \(HTMLStyleSheet.css(light: light, dark: dark))</style>
            </head>
            <body>
            <main>
            <header><h1>\(title)</h1><p class="facts">\(facts(transcript, id: id))</p></header>

            """)
        for problem in transcript.problems { emit("<p class=\"note\">\(HTMLText.escaped(problem))</p>\n") }
        var page = Page(transcript: transcript, attachments: attachments)
        // The active branch is written first as it goes: no fold may take one of its messages.
        page.written = transcript.conversation.activePathIDs()
        transcript.forEachActiveBranchRecord { record in
            switch record {
            case .message(let message):
                emit(page.article(message))
                page.foldedBranches(beside: message.id, emit)
            case .switchModel(let provider, let model, _):
                emit("<p class=\"note\">Switched to \(HTMLText.escaped(provider)) · \(HTMLText.escaped(model)).</p>\n")
            case .params(let parameters):
                let said = parameters.isEmpty ? "the model's defaults" : parameters.summary
                emit("<p class=\"note\">Parameters: \(HTMLText.escaped(said)).</p>\n")
            case .systemPrompt(let prompt):
                guard let prompt else {
                    emit("<p class=\"note\">No system prompt.</p>\n")
                    return
                }
                emit("<details class=\"note\"><summary>System prompt</summary><pre class=\"plain\">\(HTMLText.escaped(prompt))</pre></details>\n")
            case .compaction(let compaction):
                emit("""
                    <details class="note"><summary>The \(compaction.messageCount) messages above are summarized for the model</summary>\
                    <pre class="plain">\(HTMLText.escaped(compaction.summary))</pre></details>

                    """)
            case .session, .title, .partial, .active, .uncompact, .pinned, .archived:
                break
            }
        }
        if let leaf = transcript.conversation.activeLeaf { page.foldedContinuations(after: leaf, emit) }
        emit("</main>\n</body>\n</html>\n")
    }

    /// "session ID · created · the models · what it cost", under the title.
    private static func facts(_ transcript: Transcript, id: String) -> String {
        let summary = SessionSummary(id: id, transcript: transcript)
        var facts = ["session " + id]
        if let created = transcript.header?.created { facts.append(TranscriptExport.time(created)) }
        if !summary.models.isEmpty { facts.append(summary.models.joined(separator: ", ")) }
        if let cost = summary.cost, cost > 0 { facts.append(DollarAmount.text(cost)) }
        return facts.map { HTMLText.escaped($0) }.joined(separator: " · ")
    }
}
