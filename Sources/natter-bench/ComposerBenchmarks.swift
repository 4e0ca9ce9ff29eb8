import Foundation
import NatterProviders
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
        precondition(app.state.composer.input.string.hasPrefix("/model"), "typed into the input")
        return Benchmarks.percentile(times, 0.99)
    }
}
