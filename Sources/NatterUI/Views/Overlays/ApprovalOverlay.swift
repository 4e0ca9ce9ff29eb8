import NatterProviders
import NatterSession

/// A tool call waiting for the person's word: the server, the tool, and the arguments in full (pretty
/// JSON, sanitized: the model wrote them), scrolled with ↑/↓ when long.
struct ApprovalOverlay: View {
    let approval: ApprovalState
    /// Calls waiting behind this one.
    let queued: Int

    /// What a key does to the approval (its own update, beside its view).
    enum Step: Equatable {
        case scroll(ApprovalState)
        case answer(ToolApproval)
        /// Esc: the whole turn is cancelled, this call with it.
        case cancelTurn
    }

    enum Command: Equatable, Sendable {
        case answer(ToolApproval), cancelTurn, scroll(Int)
    }

    /// Letters only: Enter is "once" too, but a paste never answers (the app refuses more than one character).
    static let bindings = KeyBindings<Command>(.approval, [
        KeyBinding([.character("y"), .character("Y"), .enter], .answer(.once), "run it this once", hint: "once"),
        KeyBinding([.character("a"), .character("A")], .answer(.always), "run it, and this tool without asking for the rest of the session", hint: "always (this session)"),
        KeyBinding([.character("n"), .character("N")], .answer(.deny), "do not run it; the model is told", hint: "no"),
        KeyBinding([.escape, .control("c")], .cancelTurn, "cancel the whole turn", hint: "cancels the turn"),
        KeyBinding([.up, .wheelUp, .shiftUp], .scroll(-1), "scroll the arguments"),
        KeyBinding([.down, .wheelDown, .shiftDown], .scroll(1), "scroll the arguments"),
        KeyBinding([.pageUp], .scroll(-10), "scroll the arguments a page"),
        KeyBinding([.pageDown], .scroll(10), "scroll the arguments a page"),
    ])

    static func update(_ approval: ApprovalState, _ command: Command) -> Step {
        switch command {
        case .answer(let decision): return .answer(decision)
        case .cancelTurn: return .cancelTurn
        case .scroll(let lines): return .scroll(scrolled(approval, by: lines))
        }
    }

    private static func scrolled(_ approval: ApprovalState, by lines: Int) -> ApprovalState {
        var moved = approval
        moved.top = max(0, min(approval.top + lines, argumentLines(approval.request).count - 1))
        return moved
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let request = approval.request
        let lines = Self.argumentLines(request)
        let height = min(screen.height - 2, lines.count + 6)
        let area = OverlayBox.draw(title: "Run a tool?", width: min(screen.width - 4, 100), height: height, in: screen, into: &frame)
        guard area.height >= 3, area.width > 8 else { return }
        var column = frame.put("server ", x: area.x, y: area.y, style: Style(.muted), maxX: area.maxX)
        column = frame.put(TerminalText.singleLine(request.identity.server, limit: 80), x: column, y: area.y, style: Style(.foreground, [.bold]), maxX: area.maxX)
        column = frame.put("  tool ", x: column, y: area.y, style: Style(.muted), maxX: area.maxX)
        frame.putFitting(TerminalText.singleLine(request.identity.tool, limit: 120), x: column, y: area.y, style: Style(.accent, [.bold]), maxX: area.maxX)
        let room = area.height - 3
        let top = max(0, min(approval.top, lines.count - room))
        for (offset, line) in lines.dropFirst(top).prefix(room).enumerated() {
            frame.putFitting(line, x: area.x, y: area.y + 2 + offset, style: .plain, maxX: area.maxX)
        }
        let more = lines.count > room ? " · ↑/↓ scroll (\(top + 1)–\(min(lines.count, top + room)) of \(lines.count))" : ""
        let waiting = queued > 0 ? " · \(queued) more waiting" : ""
        frame.putFitting(Self.bindings.hints() + more + waiting, x: area.x, y: area.y + area.height - 1, style: Style(.muted), maxX: area.maxX)
    }

    /// The arguments as shown: pretty JSON, every line sanitized.
    static func argumentLines(_ request: ToolApprovalRequest) -> [String] {
        let pretty = ToolArgumentsText.pretty(request.call.arguments)
        let lines = TerminalText.sanitized(pretty.isEmpty ? "(no arguments)" : pretty).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.isEmpty ? ["(no arguments)"] : lines
    }
}
