import NatterProviders

/// The top row: natter, provider · model (or compare and its models, or the session under review), what
/// the next request carries against the window, the cost so far, tools, and the title.
struct HeaderBar: View {
    var state: AppState
    var tools: String?

    func render(in area: Rect, into frame: inout Frame) {
        let bar = Style(.foreground, background: .selection)
        frame.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: bar)
        var column = frame.put(" natter ", x: area.x, y: area.y, style: Style(.accent, background: .selection, [.bold]))
        let context: String
        let approximately = state.meter.usedTokensEstimated ? "~" : ""
        switch (state.meter.usedTokens, state.setup.contextWindow) {
        case (let used?, let window?): context = "\(approximately)\(Screen.tokens(used))/\(Screen.tokens(window))"
        case (nil, let window?): context = "0/\(Screen.tokens(window))"
        case (let used?, nil): context = approximately + Screen.tokens(used)
        case (nil, nil): context = ""
        }
        // From 80 % of the window the meter warns; at the window, the next request may be refused.
        var contextStyle = bar
        if let used = state.meter.usedTokens, let window = state.setup.contextWindow, window > 0 {
            if used >= window { contextStyle = Style(.error, background: .selection, [.bold]) } else if used >= window / 5 * 4 {
                contextStyle = Style(.warning, background: .selection, [.bold])
            }
        }
        let cost = state.meter.sessionCost.map { DollarAmount.text($0) + (state.meter.sessionTokens.cachePercent.map { " (cache \($0) %)" } ?? "") } ?? ""
        var parts = [state.setup.providerName, ModelName.short(state.setup.model), context, cost, tools ?? "", TerminalText.singleLine(state.shownTitle, limit: 80)]
            .filter { !$0.isEmpty }
        if let compare = state.compare {
            parts = ["compare", compare.origins.map(\.shortLabel).joined(separator: " | "), cost, TerminalText.singleLine(state.shownTitle, limit: 80)]
                .filter { !$0.isEmpty }
        }
        if let review = state.review {
            // A saved session under review: its own models and size, not the live conversation's.
            parts = ["review", review.summary.currentModel ?? "", "\(review.summary.messageCount) messages", TerminalText.singleLine(state.shownTitle, limit: 80)]
                .filter { !$0.isEmpty }
        }
        for (index, part) in parts.enumerated() {
            column = frame.put(index == 0 ? "│ " : " · ", x: column, y: area.y, style: Style(.muted, background: .selection))
            let style = index < 2 ? bar.with(.bold) : part == context && state.review == nil ? contextStyle : bar
            column = frame.put(TerminalText.singleLine(part, limit: 80), x: column, y: area.y, style: style)
        }
    }
}
