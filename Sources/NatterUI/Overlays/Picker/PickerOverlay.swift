import NatterProviders

/// Ctrl+P: providers with their status, their models with context window and badges, filtered as one types.
struct PickerOverlay: View {
    let state: AppState
    let picker: PickerState

    /// What a key does to the picker (its own update, beside its view): the app applies it.
    enum Step: Equatable {
        case close
        /// The highlight moved, or nothing changed.
        case highlight(Int)
        /// The filter changed: its first match is highlighted.
        case filter(InputBuffer)
        /// Space in compare's multi-select: the highlighted model marked or unmarked; with a row, that row is
        /// highlighted first (a number in plain mode).
        case toggleMark(at: Int?)
        /// Enter in compare's multi-select.
        case confirmMarks
        /// Enter on "add a provider…".
        case addProvider
        /// Enter on a model.
        case choose(provider: String, model: String)
    }

    enum Command: Equatable, Sendable {
        /// `type`: typed or pasted text for the filter (one line of it). `take`: plain mode's numbered choice (from
        /// 0, among the rows that can be chosen), used or marked as Enter or Space would.
        case close, move(Int), erase, clearFilter, type(String), mark, confirm, take(Int)
    }

    /// While marking models to compare, Space marks and Ctrl+O leaves too; otherwise Space is filter text.
    static func bindings(_ keymap: Keymap, marking: Bool) -> KeyBindings<Command> {
        let leave = [.escape, .control("c")] + keymap.keys(for: .picker) + (marking ? keymap.keys(for: .compare) : [])
        return KeyBindings(marking ? .comparePicker : .picker, [
            KeyBinding([.up], .move(-1), "move", hint: marking ? nil : "move"),
            KeyBinding([.down], .move(1), "move", hint: marking ? nil : "move"),
            KeyBinding([.pageUp], .move(-10), "move a page"),
            KeyBinding([.pageDown], .move(10), "move a page"),
        ] + (marking ? [
            KeyBinding([.character(" ")], .mark, "mark or unmark the model (2–4)", hint: "marks 2–4"),
            KeyBinding([.enter], .confirm, "compare the marked models", hint: "compares"),
        ] : [
            KeyBinding([.enter], .confirm, "use the model (on \"add a provider…\": its questions)", hint: "use"),
        ]) + [
            KeyBinding([.backspace], .erase, "delete the filter's last character (typing filters)"),
            KeyBinding([.control("u")], .clearFilter, "clear the filter"),
            KeyBinding(leave, .close, "close", hint: "close"),
        ])
    }

    static func update(_ picker: PickerState, rows: [PickerRow], _ command: Command) -> Step {
        switch command {
        case .close: return .close
        case .move(let delta): return .highlight(step(from: picker.selected, by: delta, in: rows))
        case .erase:
            var filter = picker.filter
            filter.backspace()
            return .filter(filter)
        case .clearFilter:
            return .filter(InputBuffer())
        case .type(let text):
            var filter = picker.filter
            filter.insert(PastedText.singleLine(text))
            return .filter(filter)
        case .mark: return .toggleMark(at: nil)
        case .take(let choice):
            let selectable = rows.indices.filter { rows[$0].isSelectable }
            guard selectable.indices.contains(choice) else { return .highlight(picker.selected) }
            let row = selectable[choice]
            if picker.marked != nil { return .toggleMark(at: row) }
            switch rows[row] {
            case .addProvider: return .addProvider
            case .model(let provider, let info): return .choose(provider: provider, model: info.name)
            case .provider: return .highlight(picker.selected)
            }
        case .confirm where picker.marked != nil: return .confirmMarks
        case .confirm:
            guard rows.indices.contains(picker.selected) else { return .highlight(picker.selected) }
            switch rows[picker.selected] {
            case .addProvider: return .addProvider
            case .model(let provider, let info): return .choose(provider: provider, model: info.name)
            case .provider: return .highlight(picker.selected)
            }
        }
    }

    /// `delta` selectable rows on from `index` (provider headings are skipped), held to the list's ends.
    static func step(from index: Int, by delta: Int, in rows: [PickerRow]) -> Int {
        let selectable = rows.indices.filter { rows[$0].isSelectable }
        guard let position = selectable.firstIndex(of: index) ?? selectable.firstIndex(where: { $0 > index }) else {
            return selectable.first ?? 0
        }
        return selectable[min(max(0, position + delta), selectable.count - 1)]
    }

    func render(in screen: Rect, into frame: inout Frame) {
        let hints = Self.bindings(state.display.keymap, marking: picker.marked != nil).hints()
        let title = picker.marked.map { "Compare (\($0.count) marked) · " + hints } ?? "Provider · model · " + hints
        let area = OverlayBox.draw(title: title, width: 72, height: screen.height - 2, in: screen, into: &frame)
        guard area.height >= 2 else { return }
        var column = frame.put("filter: ", x: area.x, y: area.y, style: Style(.muted))
        column = frame.put(picker.filter.string, x: column, y: area.y, style: .plain, maxX: area.maxX)
        frame.cursor = (x: column, y: area.y)

        let rows = state.pickerRows
        let listHeight = area.height - 1
        guard listHeight > 0 else { return }
        if rows.isEmpty {
            frame.put("no provider or model matches", x: area.x, y: area.y + 1, style: Style(.muted))
            return
        }
        let first = max(0, min(picker.selected - listHeight / 2, rows.count - listHeight))
        for (offset, row) in rows[first..<min(rows.count, first + listHeight)].enumerated() {
            let y = area.y + 1 + offset
            let isSelected = first + offset == picker.selected
            switch row {
            case .provider(let provider):
                var x = frame.put(provider.displayName, x: area.x, y: y, style: Style(.heading, [.bold]), maxX: area.maxX)
                if provider.displayName != provider.name {
                    x = frame.put(" (\(provider.name))", x: x, y: y, style: Style(.muted), maxX: area.maxX)
                }
                if let problem = provider.problem {
                    frame.put("  \(problem)", x: x, y: y, style: Style(.warning), maxX: area.maxX)
                }
            case .addProvider:
                let style = isSelected ? Style(.accent, background: .selection, [.bold]) : Style(.accent)
                if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
                frame.putFitting("＋ add a provider… (the questions of natter configure add)", x: area.x + 1, y: y, style: style, maxX: area.maxX)
            case .model(let providerName, let info):
                let base = info.unavailable ? Style(.muted) : Style.plain
                let style = isSelected ? Style(base.foreground, background: .selection, [.bold]) : base
                if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
                let current = providerName == state.setup.providerName && info.name == state.setup.model
                var mark = current ? "● " : "  "
                if let marked = picker.marked {
                    mark = marked.firstIndex(of: Origin(provider: providerName, model: info.name)).map { "[\($0 + 1)] " } ?? "[ ] "
                }
                let x = frame.put(mark + ModelName.short(info.name), x: area.x + 1, y: y, style: style, maxX: area.maxX - 16)
                var badges: [String] = []
                if let window = info.contextWindow { badges.append(Screen.tokens(window)) }
                if info.supportsTools { badges.append("tools") }
                if info.supportsVision { badges.append("vision") }
                let text = badges.joined(separator: " ")
                frame.put(text, x: max(x + 1, area.maxX - DisplayWidth.of(text)), y: y, style: Style(.muted, background: style.background), maxX: area.maxX)
            }
        }
    }
}
