import NatterProviders
import NatterSession

/// Ctrl+B: the conversation's tree, one line a message, indented by depth; the active branch marked ●, the
/// highlighted row chosen with Enter. Only the rows in view are drawn, however large the tree.
struct TreeOverlay: View {
    let tree: TreeState
    let keymap: Keymap

    /// What a key does to the tree overlay (its own update, beside its view).
    enum Step: Equatable {
        case move(TreeState)
        case close
        /// Show the branch through this message.
        case show(String)
    }

    enum Command: Equatable, Sendable {
        case move(Int), top, bottom, show, close
    }

    static func bindings(_ keymap: Keymap) -> KeyBindings<Command> {
        KeyBindings(.tree, [
            KeyBinding([.up], .move(-1), "move", hint: "move"),
            KeyBinding([.down], .move(1), "move", hint: "move"),
            KeyBinding([.pageUp], .move(-10), "move a page"),
            KeyBinding([.pageDown], .move(10), "move a page"),
            KeyBinding([.home], .top, "first / last"),
            KeyBinding([.end], .bottom, "first / last"),
            KeyBinding([.enter], .show, "show the branch through it", hint: "show it"),
            KeyBinding([.escape, .control("c")] + keymap.keys(for: .tree), .close, "close", hint: "close"),
        ])
    }

    static func update(_ tree: TreeState, _ command: Command) -> Step {
        var moved = tree
        let last = max(0, tree.rows.count - 1)
        switch command {
        case .close: return .close
        case .move(let delta): moved.selected = max(0, min(last, tree.selected + delta))
        case .top: moved.selected = 0
        case .bottom: moved.selected = last
        case .show:
            guard tree.rows.indices.contains(tree.selected) else { return .close }
            return .show(tree.rows[tree.selected].message.id)
        }
        return .move(moved)
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let title = "Branches · " + Self.bindings(keymap).hints()
        let area = OverlayBox.draw(title: title, width: screen.width - 4, height: screen.height - 2, in: screen, into: &frame)
        guard area.height > 0, area.width > 4 else { return }
        // The highlighted row stays in view, near the middle once the list is long.
        let top = max(0, min(tree.selected - area.height / 2, tree.rows.count - area.height))
        for (offset, row) in tree.rows[top..<min(tree.rows.count, top + area.height)].enumerated() {
            let y = area.y + offset
            let isSelected = top + offset == tree.selected
            let style = isSelected ? Style(.foreground, background: .selection, [.bold]) : row.isOnActivePath ? Style.plain : Style(.muted)
            if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
            // Deep chains are drawn at most 20 levels in: past that the indent would leave no room for text.
            let indent = String(repeating: "  ", count: min(row.depth, 20))
            let marker = row.isActiveLeaf ? "◆ " : row.isOnActivePath ? "● " : "○ "
            let column = frame.put(indent + marker, x: area.x, y: y, style: isSelected ? style : Style(.accent), maxX: area.maxX)
            frame.putFitting(Self.line(for: row.message), x: column, y: y, style: style, maxX: area.maxX)
        }
    }

    /// "You: the first line" or "provider · model: the first line".
    static func line(for message: Message) -> String {
        let who: String
        switch message.role {
        case .user: who = "You"
        case .system: who = "System"
        case .tool: who = "Tool"
        case .assistant: who = message.origin?.model ?? "reply"
        }
        var text = SessionSummary.firstLine(of: message.text)
        if text.isEmpty { text = message.toolCalls.first.map { "⚙ \($0.name)" } ?? (message.finish.map { "(\($0.rawValue))" } ?? "") }
        return TerminalText.singleLine("\(who): \(text)", limit: 300)
    }
}
