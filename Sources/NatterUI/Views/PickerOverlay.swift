import NatterProviders

/// Ctrl+P: providers with their status, their models with context window and badges, filtered as one types.
enum PickerOverlay {
    /// What a key does to the picker (its own update, beside its view): the app applies it.
    enum Step: Equatable {
        case close
        /// The highlight moved, or nothing changed.
        case highlight(Int)
        /// The filter changed: its first match is highlighted.
        case filter(InputBuffer)
        /// Space in compare's multi-select: the highlighted model marked or unmarked.
        case toggleMark
        /// Enter in compare's multi-select.
        case confirmMarks
        /// Enter on "add a provider…".
        case addProvider
        /// Enter on a model.
        case choose(provider: String, model: String)
    }

    static func update(_ picker: PickerState, rows: [PickerRow], key: Key, keymap: Keymap) -> Step {
        let marking = picker.marked != nil
        switch key {
        case _ where key == .escape || key == .control("c") || keymap.action(for: key) == .picker
            || (marking && keymap.action(for: key) == .compare):
            return .close
        case .up: return .highlight(step(from: picker.selected, by: -1, in: rows))
        case .down: return .highlight(step(from: picker.selected, by: 1, in: rows))
        case .pageUp: return .highlight(step(from: picker.selected, by: -10, in: rows))
        case .pageDown: return .highlight(step(from: picker.selected, by: 10, in: rows))
        case .backspace:
            var filter = picker.filter
            filter.backspace()
            return .filter(filter)
        case .character(" ") where marking: return .toggleMark
        case .enter where marking: return .confirmMarks
        case .character(let character):
            var filter = picker.filter
            filter.insert(String(character))
            return .filter(filter)
        case .enter:
            guard rows.indices.contains(picker.selected) else { return .highlight(picker.selected) }
            switch rows[picker.selected] {
            case .addProvider: return .addProvider
            case .model(let provider, let info): return .choose(provider: provider, model: info.name)
            case .provider: return .highlight(picker.selected)
            }
        default: return .highlight(picker.selected)
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

    static func draw(_ state: AppState, _ picker: PickerState, into frame: inout Frame) {
        let title = picker.marked.map { "Compare · Space marks 2–4 (\($0.count) marked) · Enter compares · Esc" } ?? "Provider · model"
        let area = OverlayBox.draw(title: title, width: 72, height: frame.height - 2, into: &frame)
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
                    frame.put("  " + problem, x: x, y: y, style: Style(.warning), maxX: area.maxX)
                }
            case .addProvider:
                let style = isSelected ? Style(.accent, background: .selection, [.bold]) : Style(.accent)
                if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
                frame.putFitting("＋ add a provider… (the questions of natter configure add)", x: area.x + 1, y: y, style: style, maxX: area.maxX)
            case .model(let providerName, let info):
                let base = info.unavailable ? Style(.muted) : Style.plain
                let style = isSelected ? Style(base.foreground, background: .selection, [.bold]) : base
                if isSelected { frame.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style) }
                let current = providerName == state.providerName && info.name == state.model
                var mark = current ? "● " : "  "
                if let marked = picker.marked {
                    mark = marked.firstIndex(of: Origin(provider: providerName, model: info.name)).map { "[\($0 + 1)] " } ?? "[ ] "
                }
                let x = frame.put(mark + info.name, x: area.x + 1, y: y, style: style, maxX: area.maxX - 16)
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
