import NatterProviders
import NatterSession

/// A tool call waiting for the person's word: the server, the tool, and the arguments in full (pretty
/// JSON, sanitized: the model wrote them), wrapped to the box and scrolled with ↑/↓ when long, with a mark
/// while more lies below.
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
        KeyBinding([.home], .scroll(Int.min / 2), "the start of the arguments"),
        KeyBinding([.end], .scroll(Int.max / 2), "the end of the arguments"),
    ])

    /// - Parameter screen: the terminal's size: the arguments wrap to the box it allows, and scrolling stops
    ///   where their last line shows.
    static func update(_ approval: ApprovalState, _ command: Command, screen: (width: Int, height: Int)) -> Step {
        switch command {
        case .answer(let decision): return .answer(decision)
        case .cancelTurn: return .cancelTurn
        case .scroll(let lines):
            let layout = Layout(approval.request, screen: Rect(x: 0, y: 0, width: screen.width, height: screen.height))
            var moved = approval
            moved.top = max(0, min(approval.top.addingReportingOverflow(lines).partialValue, layout.lastTop))
            return .scroll(moved)
        }
    }

    /// Where everything goes for a screen: the box, and the arguments wrapped to its width, every character on
    /// some line (a long argument's dangerous end — `… && curl … | sh`, `…/.ssh/id_rsa` — once hid behind "…").
    struct Layout {
        var boxWidth: Int
        var boxHeight: Int
        var lines: [String]
        /// Argument lines that fit at once.
        var room: Int

        init(_ request: ToolApprovalRequest, screen: Rect) {
            boxWidth = min(screen.width - 4, 100)
            let textWidth = max(1, min(boxWidth, screen.width - 2) - 4)
            lines = ApprovalOverlay.argumentLines(request).flatMap { ApprovalOverlay.wrapped($0, width: textWidth) }
            boxHeight = min(screen.height - 2, lines.count + 6)
            room = max(1, min(boxHeight, screen.height - 2) - 2 - 3)
        }

        var lastTop: Int { max(0, lines.count - room) }
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let request = approval.request
        let layout = Layout(request, screen: screen)
        let lines = layout.lines
        let area = OverlayBox.draw(title: "Run a tool?", width: layout.boxWidth, height: layout.boxHeight, in: screen, into: &frame)
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
        let below = lines.count - (top + room)
        if below > 0 {
            // A mark on the box's edge, where the eye stops: there is more to read before answering.
            frame.put(" ▼ \(below) more line\(below == 1 ? "" : "s") ", x: area.x, y: area.y + area.height, style: Style(.warning, [.bold]), maxX: area.maxX)
        }
        let more = lines.count > room ? " · ↑/↓ End scroll (\(top + 1)–\(min(lines.count, top + room)) of \(lines.count))" : ""
        let waiting = queued > 0 ? " · \(queued) more waiting" : ""
        frame.putFitting(Self.bindings.hints() + more + waiting, x: area.x, y: area.y + area.height - 1, style: Style(.muted), maxX: area.maxX)
    }

    /// The arguments as shown: pretty JSON, every line sanitized.
    static func argumentLines(_ request: ToolApprovalRequest) -> [String] {
        let pretty = ToolArgumentsText.pretty(request.call.arguments)
        let lines = TerminalText.sanitized(pretty.isEmpty ? "(no arguments)" : pretty).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.isEmpty ? ["(no arguments)"] : lines
    }

    /// A line cut into rows of `width` cells, character by character: spaces are kept, since a run of them is
    /// exactly what pushes the rest of a command out of sight.
    static func wrapped(_ line: String, width: Int) -> [String] {
        TextPieces.split(line, limit: width) { DisplayWidth.of($0) }
    }
}
