import Foundation
import NatterProviders

/// The whole screen from the state: header, transcript, input box, status line, and any overlay on top.
public enum Screen {
    public static let minimumWidth = 40
    public static let minimumHeight = 10
    static let maxInputLines = 8

    /// How the screen splits at a size: the input's lines and chips, and the transcript's rectangle above
    /// them. A function of the state alone, so update (paging) and render agree without render telling
    /// the app anything.
    struct Layout {
        var input: InputView.Layout
        var chips: Int
        var transcript: Rect

        init(_ state: AppState, width: Int, height: Int) {
            // A prompt or a review takes the input's place with one line of its own.
            input = state.prompt != nil || state.review != nil || state.find != nil
                ? InputView.Layout(lines: [""], firstVisible: 0, caret: (0, 0))
                : InputView.layout(state.input, width: max(1, width - 2), maxLines: Screen.maxInputLines)
            chips = state.attachments.isEmpty || state.prompt != nil || state.review != nil || state.find != nil ? 0 : 1
            transcript = Rect(x: 0, y: 1, width: width, height: max(0, height - 3 - input.lines.count - chips))
        }

        /// The text area of compare's first pane (its header row left out), for paging in it.
        func pane(count: Int) -> Rect {
            let first = ComparePanes.rects(count: count, in: transcript).first ?? transcript
            return Rect(x: first.x, y: first.y + 1, width: first.width, height: max(1, first.height - 1))
        }
    }

    public static func render(_ app: App, width: Int, height: Int) -> Frame {
        var frame = Frame(width: width, height: height)
        guard width >= minimumWidth, height >= minimumHeight else {
            drawTooSmall(&frame)
            return frame
        }
        let state = app.state
        let layout = Layout(state, width: width, height: height)
        let input = layout.input
        let chips = layout.chips
        let transcriptHeight = layout.transcript.height

        drawHeader(state, tools: app.toolsLabel, into: &frame)
        if let round = state.compare?.round {
            let area = layout.transcript
            ComparePanes(round: round, layouts: app.paneLayouts, now: ContinuousClock.now).render(in: area, into: &frame)
        }
        let lines = state.compare?.round != nil ? [] : app.layout.visibleLines(state.entries, width: width, height: transcriptHeight, scroll: state.scroll)
        for (row, line) in lines.enumerated() { frame.put(line, x: 0, y: 1 + row) }
        if let query = state.find?.query.string ?? state.review?.highlight {
            let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
            for row in 0..<lines.count { Highlighter.mark(trimmed, inRow: 1 + row, of: &frame) }
        }
        if case .held = state.scroll, state.compare?.round == nil {
            let marker = " ↓ more below · End "
            frame.put(marker, x: width - DisplayWidth.of(marker), y: transcriptHeight, style: Style(.accent, background: .selection))
        }

        let inputTop = 1 + transcriptHeight
        frame.put(String(repeating: "─", count: width), x: 0, y: inputTop, style: Style(.border))
        if let prompt = state.prompt, state.overlay == nil {  // with the browser open, it asks in the browser
            ReviewBar.drawPrompt(prompt, into: &frame, row: inputTop + 1)
        } else if let find = state.find {
            FindBar.draw(find, into: &frame, row: inputTop + 1)
        } else if let review = state.review {
            ReviewBar.draw(review, state: state, into: &frame, row: inputTop + 1)
        } else {
            if chips > 0 { AttachmentChips.draw(state.attachments, into: &frame, row: inputTop + 1) }
            let top = inputTop + 1 + chips
            for (row, line) in input.lines.enumerated() {
                frame.put(row == 0 && input.firstVisible == 0 ? "› " : "  ", x: 0, y: top + row, style: Style(.accent))
                frame.put(line, x: 2, y: top + row, style: .plain)
            }
            frame.cursor = (x: 2 + input.caret.x, y: top + input.caret.y)
        }
        drawStatus(state, into: &frame, row: height - 1)

        switch state.overlay {
        case .help(let top)?: HelpOverlay.draw(state.keymap, top: top, into: &frame)
        case .picker(let picker)?: PickerOverlay.draw(state, picker, into: &frame)
        case .themes(let selected)?: ThemeOverlay.draw(state, selected: selected, into: &frame)
        case .sessions(let browser)?: SessionsOverlay.draw(browser, prompt: state.prompt, into: &frame)
        case .tree(let tree)?: TreeOverlay.draw(tree, into: &frame)
        case .approval(let approval)?: ApprovalOverlay.draw(approval, queued: state.approvalQueue.count, into: &frame)
        case .tools(let selected)?: ToolsOverlay.draw(state.toolServers, selected: selected, into: &frame)
        case .settings(let selected)?: SettingsOverlay.draw(state, selected: selected, into: &frame)
        case .roles(let selected)?: SettingsOverlay.drawRoles(state, selected: selected, into: &frame)
        case nil: break
        }
        return frame
    }

    private static func drawHeader(_ state: AppState, tools: String?, into frame: inout Frame) {
        let bar = Style(.foreground, background: .selection)
        frame.fill(Rect(x: 0, y: 0, width: frame.width, height: 1), style: bar)
        var column = frame.put(" natter ", x: 0, y: 0, style: Style(.accent, background: .selection, [.bold]))
        let context: String
        let approximately = state.usedTokensEstimated ? "~" : ""
        switch (state.usedTokens, state.contextWindow) {
        case (let used?, let window?): context = "\(approximately)\(tokens(used))/\(tokens(window))"
        case (nil, let window?): context = "0/\(tokens(window))"
        case (let used?, nil): context = approximately + tokens(used)
        case (nil, nil): context = ""
        }
        // From 80 % of the window the meter warns; at the window, the next request may be refused.
        var contextStyle = bar
        if let used = state.usedTokens, let window = state.contextWindow, window > 0 {
            if used >= window { contextStyle = Style(.error, background: .selection, [.bold]) } else if used >= window / 5 * 4 {
                contextStyle = Style(.warning, background: .selection, [.bold])
            }
        }
        let cost = state.sessionCost.map(DollarAmount.text) ?? ""
        var parts = [state.providerName, state.model, context, cost, tools ?? "", TerminalText.singleLine(state.title, limit: 80)]
            .filter { !$0.isEmpty }
        if let compare = state.compare {
            parts = ["compare", compare.origins.map(\.label).joined(separator: " | "), cost, TerminalText.singleLine(state.title, limit: 80)]
                .filter { !$0.isEmpty }
        }
        if let review = state.review {
            // A saved session under review: its own models and size, not the live conversation's.
            parts = ["review", review.summary.currentModel ?? "", "\(review.summary.messageCount) messages", TerminalText.singleLine(state.title, limit: 80)]
                .filter { !$0.isEmpty }
        }
        for (index, part) in parts.enumerated() {
            column = frame.put(index == 0 ? "│ " : " · ", x: column, y: 0, style: Style(.muted, background: .selection))
            let style = index < 2 ? bar.with(.bold) : part == context && state.review == nil ? contextStyle : bar
            column = frame.put(TerminalText.singleLine(part, limit: 80), x: column, y: 0, style: style)
        }
    }

    private static func drawStatus(_ state: AppState, into frame: inout Frame, row: Int) {
        let text: String
        let style: Style
        let keys = state.keymap
        if let status = state.status {
            text = " " + status
            style = Style(state.statusIsError ? .error : .foreground, background: .selection)
        } else if let saveFailure = state.saveFailure {
            text = " " + saveFailure
            style = Style(.error, background: .selection)
        } else if let tool = state.runningTool {
            text = " running \(TerminalText.singleLine(tool, limit: 120)) · \(keys.shortLabel(.cancel)) cancels the turn"
            style = Style(.muted, background: .selection)
        } else if let round = state.compare?.round {
            let streaming = round.panes.filter(\.isStreaming).count
            text = streaming > 0
                ? " \(streaming) of \(round.panes.count) replies streaming · \(keys.shortLabel(.cancel)) stops them all · ←/→ focus · \(keys.shortLabel(.pageUp)) scroll"
                : " ←/→ focus · \(keys.shortLabel(.send)) keeps the focused reply · \(keys.shortLabel(.pageUp)) scroll · \(keys.shortLabel(.cancel)) back to one model"
            style = Style(.muted, background: .selection)
        } else if state.isReplying {
            let elapsed = state.replyStarted.map { (ContinuousClock.now - $0).inSeconds } ?? 0
            let rate = elapsed > 0.2 ? " · \(Int(Double(state.streamedTokens) / elapsed)) tok/s" : ""
            text = " streaming\(rate) · \(keys.shortLabel(.cancel)) cancel · \(keys.shortLabel(.pageUp)) scroll"
            style = Style(.muted, background: .selection)
        } else {
            // As many whole hints as fit, most useful first, rather than one cut in half.
            let hints = KeyHelp.hints.map { "\(keys.shortLabel($0)) \($0.hint)" }
            var shown = ""
            for hint in hints {
                let next = shown.isEmpty ? " " + hint : shown + " · " + hint
                guard DisplayWidth.of(next) <= frame.width else { break }
                shown = next
            }
            text = shown
            style = Style(.muted, background: .selection)
        }
        frame.fill(Rect(x: 0, y: row, width: frame.width, height: 1), style: style)
        frame.putFitting(text, x: 0, y: row, style: style)
    }

    private static func drawTooSmall(_ frame: inout Frame) {
        let message = ["Terminal too small", "(\(frame.width)×\(frame.height); natter needs", "\(minimumWidth)×\(minimumHeight))"]
        for (index, line) in message.enumerated() where index < frame.height {
            frame.put(line, x: 0, y: index, style: Style(.warning))
        }
    }

    /// "950", "8.2k", "400k", "1.5M", in integer arithmetic: the header shows it at every frame, and
    /// Foundation's `String(format:)` showed in the streaming profile.
    static func tokens(_ count: Int) -> String {
        if count >= 1_000_000 {
            let tenths = (count + 50_000) / 100_000
            return "\(tenths / 10).\(tenths % 10)M"
        }
        if count >= 10_000 { return "\(count / 1000)k" }
        if count >= 1000 {
            let tenths = (count + 50) / 100
            return "\(tenths / 10).\(tenths % 10)k"
        }
        return "\(count)"
    }
}
