import NatterProviders
import NatterSession

/// A tool call waiting for the person's word: the server, the tool, and the arguments in full (pretty
/// JSON, sanitized: the model wrote them), scrolled with ↑/↓ when long.
enum ApprovalOverlay {
    /// What a key does to the approval (its own update, beside its view).
    enum Step: Equatable {
        case scroll(ApprovalState)
        case answer(ToolApproval)
        /// Esc: the whole turn is cancelled, this call with it.
        case cancelTurn
    }

    static func update(_ approval: ApprovalState, key: Key) -> Step {
        switch key {
        case .character("y"), .character("Y"), .enter: return .answer(.once)
        case .character("a"), .character("A"): return .answer(.always)
        case .character("n"), .character("N"): return .answer(.deny)
        case .escape, .control("c"): return .cancelTurn
        case .down, .wheelDown, .shiftDown: return .scroll(scrolled(approval, by: 1))
        case .up, .wheelUp, .shiftUp: return .scroll(scrolled(approval, by: -1))
        case .pageDown: return .scroll(scrolled(approval, by: 10))
        case .pageUp: return .scroll(scrolled(approval, by: -10))
        default: return .scroll(approval)
        }
    }

    private static func scrolled(_ approval: ApprovalState, by lines: Int) -> ApprovalState {
        var moved = approval
        moved.top = max(0, min(approval.top + lines, argumentLines(approval.request).count - 1))
        return moved
    }

    static func draw(_ approval: ApprovalState, queued: Int, into frame: inout Frame) {
        let request = approval.request
        let lines = argumentLines(request)
        let height = min(frame.height - 2, lines.count + 6)
        let area = OverlayBox.draw(title: "Run a tool?", width: min(frame.width - 4, 100), height: height, into: &frame)
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
        frame.putFitting("y once · a always (this session) · n no · Esc cancels the turn" + more + waiting, x: area.x, y: area.y + area.height - 1, style: Style(.muted), maxX: area.maxX)
    }

    /// The arguments as shown: pretty JSON, every line sanitized.
    static func argumentLines(_ request: ToolApprovalRequest) -> [String] {
        let pretty = ToolArgumentsText.pretty(request.call.arguments)
        let lines = TerminalText.sanitized(pretty.isEmpty ? "(no arguments)" : pretty).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return lines.isEmpty ? ["(no arguments)"] : lines
    }
}
