import Foundation
import NatterProviders
import NatterSession
import NatterUI

/// The composer's `/` completion (issue 33): a keystroke while `/model …` is typed among 500 models of 10
/// providers, its update and the frame with the list above the input.
enum ComposerBenchmarks {
    static func slashCompletion(runs: Int) -> Double {
        var state = AppState(providerName: "p0", model: "model-0-0")
        state.setup.providers = (0..<10).map { provider in
            PickerProvider(name: "p\(provider)", displayName: "Provider \(provider)", problem: nil,
                           models: (0..<50).map { ModelInfo(name: "model-\(provider)-\($0)") })
        }
        var app = App(state: state)
        _ = app.update(.resized(width: 200, height: 60))
        let typed = Array("/model p7/model-7-4")
        var times: [Double] = []
        for run in 0..<runs {
            // Each character as the terminal delivers a typed key: one character of text.
            let character = typed[run % typed.count]
            if run % typed.count == 0 { _ = app.update(.key(.control("u"))) }
            times += Benchmarks.timings(runs: 1) {
                _ = app.update(.paste(String(character)))
                _ = Screen.render(app, width: 200, height: 60)
            }
        }
        precondition(app.state.composer.input.string.hasPrefix("/"), "typed into the input")
        return Benchmarks.percentile(times, 0.99)
    }
}

extension ComposerBenchmarks {
    struct HistoryFigures {
        var firstResultsMilliseconds: Double
        var keystrokeP99Milliseconds: Double
        var messages: Int
    }

    /// F3 over 100,000 saved messages (5,000 sessions of 20 questions and their replies): how soon the first
    /// batch is found, and a keystroke of the query (update and frame) with every message loaded.
    static func historySearch(sessions: Int, questions: Int, keystrokes: Int) -> HistoryFigures {
        let folder = TranscriptBenchmarks.scratchFolder()
        defer { TranscriptBenchmarks.removeScratch(folder) }
        for index in 0..<sessions {
            var lines = [#"{"type":"session","id":"\#(TranscriptBenchmarks.id(index))","created":"2026-11-01T10:00:00Z","version":2}"#]
            for question in 0..<questions {
                let parent = question == 0 ? "" : #","parent":"r\#(question - 1)""#
                let text = TranscriptBenchmarks.text(index * questions + question, length: 80)
                lines.append(#"{"type":"message","id":"q\#(question)"\#(parent),"role":"user","parts":[{"type":"text","text":"\#(text)\#(index)-\#(question)"}],"ts":"2026-11-01T10:00:00Z"}"#)
                lines.append(#"{"type":"message","id":"r\#(question)","parent":"q\#(question)","role":"assistant","parts":[{"type":"text","text":"\#(TranscriptBenchmarks.text(question, length: 600))"}],"provider":"b","model":"m","ts":"2026-11-01T10:00:00Z","finish":"stop"}"#)
            }
            try? (lines.joined(separator: "\n") + "\n").write(toFile: "\(folder)/\(TranscriptBenchmarks.id(index)).jsonl", atomically: false, encoding: .utf8)
        }
        let store = SessionStore(directory: folder)
        _ = store.list()  // the index built, as any earlier listing would have
        var all: [String] = []
        var first: Double?
        let start = ContinuousClock.now
        TypedHistory.read(from: store, ids: store.list().map(\.id), shouldStop: { false }) { batch in
            if first == nil { first = (ContinuousClock.now - start).inSeconds * 1000 }
            all += batch
        }
        var app = App(state: AppState(providerName: "bench", model: "m"))
        _ = app.update(.resized(width: 200, height: 60))
        _ = app.update(.key(.function(3)))
        _ = app.update(.typedHistory(all, done: true))
        let query = Array("tapir kernel 12")
        var times: [Double] = []
        for run in 0..<keystrokes {
            if run % query.count == 0 { _ = app.update(.key(.control("u"))) }
            let character = query[run % query.count]
            times += Benchmarks.timings(runs: 1) {
                _ = app.update(.paste(String(character)))
                _ = Screen.render(app, width: 200, height: 60)
            }
        }
        return HistoryFigures(firstResultsMilliseconds: first ?? .infinity, keystrokeP99Milliseconds: Benchmarks.percentile(times, 0.99), messages: all.count)
    }
}
