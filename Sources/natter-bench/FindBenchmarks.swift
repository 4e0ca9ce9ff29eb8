import Foundation
import NatterUI

/// Ctrl+F in a long conversation: what a keystroke costs the UI thread (the query changed, the texts
/// handed to the search), and how long the search itself takes off it.
enum FindBenchmarks {
    struct Figures {
        var keystrokeP99Milliseconds: Double
        var searchMilliseconds: Double
        var matches: Int
    }

    static func measure(messages: Int, runs: Int) -> Figures {
        let app = Benchmarks.conversation(messages)
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
        let texts = corpus ?? FindCorpus(app.state.entries)
        var found = 0
        let search = Benchmarks.timings(runs: 5) {
            found = texts.matches(of: query.isEmpty ? "bold" : query, shouldStop: { false })?.count ?? 0
        }
        return Figures(
            keystrokeP99Milliseconds: Benchmarks.percentile(keystrokes, 0.99), searchMilliseconds: Benchmarks.percentile(search, 0.5),
            matches: found)
    }
}
