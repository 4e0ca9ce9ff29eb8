import Foundation

/// An overlay said in plain mode: read from the same view full screen draws (so every overlay is said, and said as
/// it is), its box's title and text once when it opens, then the row the keys select each time it moves ("1 of
/// 12: openai · gpt-4o"). The view is drawn on a frame no terminal sees, wide enough that rows are not cut.
struct PlainOverlay: Equatable {
    var title: String
    var rows: [String]
    /// The selected row's position and text; nil in an overlay without one (help).
    var selected: Selected?

    struct Selected: Equatable {
        var index: Int
        var text: String
    }

    static let width = 160
    static let height = 60

    /// The open overlay as its view draws it; nil when none is open.
    static func read(_ state: AppState, layouts: LayoutCaches) -> PlainOverlay? {
        guard state.overlay != nil else { return nil }
        let frame = Screen.render(state, layouts: layouts, width: width, height: height)
        guard let top = (0..<frame.height).first(where: { frame.text(row: $0).contains("╭") }) else { return nil }
        let bottom = ((top + 1)..<frame.height).first { frame.text(row: $0).contains("╰") } ?? frame.height
        let title = frame.text(row: top).trimmingCharacters(in: CharacterSet(charactersIn: "╭╮─ "))
        var rows: [String] = []
        var selected: Selected?
        for y in (top + 1)..<bottom {
            let text = frame.text(row: y).trimmingCharacters(in: CharacterSet(charactersIn: "│ "))
            guard !text.isEmpty else { continue }
            if selected == nil, (0..<frame.width).contains(where: { frame[$0, y].style.background == .selection }) {
                selected = Selected(index: rows.count, text: text)
            }
            rows.append(text)
        }
        return PlainOverlay(title: title, rows: rows, selected: selected)
    }

    /// What to say of `self`, `before` having been said: the whole box when it is new, else the selection moved.
    func lines(after before: PlainOverlay?) -> [String] {
        guard let before, before.title == title else {
            return ["", title + ":"] + rows + (selected.map { ["selected: \($0.text)"] } ?? [])
        }
        guard let selected, selected != before.selected else { return [] }
        return ["\(selected.index + 1) of \(rows.count): \(selected.text)"]
    }
}
