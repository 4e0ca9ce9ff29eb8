import Foundation
import NatterUI

/// Ctrl+F in a long conversation: what a keystroke costs the UI thread (the query changed, the texts
/// handed to the search), and how long the search itself takes off it.
enum FindBenchmarks {
    struct Figures {
        var keystrokeP99Milliseconds: Double
        var searchMilliseconds: Double
        /// The first match from the bottom screen's top, found before the others are counted.
        var firstMatchMilliseconds: Double
        var matches: Int
    }

    static func measure(messages: Int, runs: Int) -> Figures {
        var app = Benchmarks.conversation(messages)
        _ = Screen.render(app, width: 200, height: 60)
        _ = app.update(.key(.control("f")))
        var corpus: FindCorpus?
        var query = ""
        let keystrokes = Benchmarks.timings(runs: runs) {
            // Typing and deleting one letter: each keystroke starts a new search.
            let letter = app.state.find?.query.isEmpty == false ? Key.backspace : Key.character("x")
            for case .find(let asked, _, let texts) in app.update(.key(letter)) {
                corpus = texts
                query = asked
            }
            _ = Screen.render(app, width: 200, height: 60)
        }
        let texts = corpus ?? FindCorpus(app.state.pane.entries)
        var found = 0
        let search = Benchmarks.timings(runs: 5) {
            found = texts.matches(of: query.isEmpty ? "bold" : query, shouldStop: { false })?.count ?? 0
        }
        // The view follows the conversation's end: the first match shown is the first from the top of the
        // last screen on, else from the start. The one asked for is in the middle, half the text away.
        var bottom = texts
        bottom.shownFrom = max(0, texts.entries.count - 20)
        let middle = "Question \(messages / 2 / 2 * 2):"
        let first = Benchmarks.timings(runs: runs) {
            guard bottom.firstMatch(of: middle, shouldStop: { false }) != nil else { fatalError("\(middle) not found") }
        }
        return Figures(
            keystrokeP99Milliseconds: Benchmarks.percentile(keystrokes, 0.99), searchMilliseconds: Benchmarks.percentile(search, 0.5),
            firstMatchMilliseconds: Benchmarks.percentile(first, 0.5), matches: found)
    }
}
