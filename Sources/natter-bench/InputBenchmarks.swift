import Foundation
import NatterSession
import NatterUI

/// Huge input: a 10 MB bracketed paste (decoded from raw keys as curses hands them over, folded into the
/// input, drawn) and the keystrokes after it; a session holding one 50 MB message, opened and resized.
enum InputBenchmarks {
    struct PasteFigures {
        var pasteMilliseconds: Double
        var keystrokeP99Milliseconds: Double
    }

    /// About `megabytes` of log-like lines.
    static func pastedText(megabytes: Int) -> String {
        var text = ""
        text.reserveCapacity(megabytes * 1_000_000 + 100)
        var line = 0
        while text.utf8.count < megabytes * 1_000_000 {
            text += "2026-11-01T10:00:\(line % 60) INFO request \(line) served in \(line % 97) ms by worker \(line % 8)\n"
            line += 1
        }
        return text
    }

    static func paste(megabytes: Int, keystrokes: Int) -> PasteFigures {
        let text = pastedText(megabytes: megabytes)
        let raw = ([27] + Array("[200~".unicodeScalars.map(\.value)) + text.unicodeScalars.map(\.value) + [27] + Array("[201~".unicodeScalars.map(\.value)))
            .map(RawKey.character)
        var app = App(state: AppState(providerName: "bench", model: "m"))
        _ = app.update(.resized(width: 200, height: 60))
        let pasteTime = Benchmarks.timings(runs: 1) {
            var decoder = KeyDecoder()
            for input in decoder.decode(raw) {
                if case .text(let pasted) = input { _ = app.update(.paste(pasted)) }
            }
            _ = Screen.render(app, width: 200, height: 60)
        }[0]
        precondition(app.state.composer.input.string.utf8.count == text.utf8.count, "the paste arrived whole")
        let typing = Benchmarks.timings(runs: keystrokes) {
            _ = app.update(.key(.character("x")))
            _ = Screen.render(app, width: 200, height: 60)
        }
        return PasteFigures(pasteMilliseconds: pasteTime, keystrokeP99Milliseconds: Benchmarks.percentile(typing, 0.99))
    }

    struct HugeMessageFigures {
        var openMilliseconds: Double
        var residentMegabytes: Double
        var resizeMilliseconds: Double
        var pageSlowestMilliseconds: Double
    }

    /// A session whose first message is one line of `megabytes` MB, opened as the review opens it, then
    /// drawn at another width.
    static func hugeMessage(megabytes: Int) -> HugeMessageFigures {
        let folder = TranscriptBenchmarks.scratchFolder()
        defer { TranscriptBenchmarks.removeScratch(folder) }
        let id = TranscriptBenchmarks.id(0)
        let path = "\(folder)/\(id).jsonl"
        var line = TranscriptBenchmarks.text(3, length: 1000)
        while line.utf8.count < megabytes * 1_000_000 { line += line }
        let file = #"{"type":"session","id":"\#(id)","created":"2026-11-01T10:00:00Z","version":1}"# + "\n"
            + #"{"type":"message","role":"user","content":"\#(line.prefix(megabytes * 1_000_000))","ts":"2026-11-01T10:00:00Z"}"# + "\n"
            + #"{"type":"message","role":"assistant","content":"a short answer","provider":"bench","model":"m","ts":"2026-11-01T10:01:00Z","finish":"stop"}"# + "\n"
        try? file.write(toFile: path, atomically: false, encoding: .utf8)
        var app: App?
        let open = Benchmarks.timings(runs: 1) { app = TranscriptBenchmarks.open(path: path) }[0]
        precondition(Set(app?.state.pane.entries.compactMap(\.messageID) ?? []).count == 2)
        let resident = TranscriptBenchmarks.peakResidentOfFreshProcess(opening: path)
        let resize = Benchmarks.timings(runs: 1) {
            _ = app?.update(.resized(width: 120, height: 40))
            _ = app.map { Screen.render($0, width: 120, height: 40) }
        }[0]
        // From the top down through the message: each page a frame, some of them laying out a new piece.
        _ = app?.update(.key(.home))
        let paging = Benchmarks.timings(runs: 2000) {
            _ = app?.update(.key(.pageDown))
            _ = app.map { Screen.render($0, width: 120, height: 40) }
        }
        return HugeMessageFigures(
            openMilliseconds: open, residentMegabytes: resident, resizeMilliseconds: resize, pageSlowestMilliseconds: paging.max() ?? .infinity)
    }
}
