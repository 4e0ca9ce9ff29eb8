import Foundation
import NatterProviders

/// An overlay said in plain mode: read from the same view full screen draws (so every overlay is said, and said as
/// it is), its box's title and text once when it opens, then the row the keys select each time it moves ("1 of
/// 12: openai · gpt-4o"). The view is drawn on a frame no terminal sees, at the terminal's size.
struct PlainOverlay: Equatable {
    var title: String
    var rows: [String]
    /// The selected row's position and text; nil in an overlay without one (help).
    var selected: Selected?

    struct Selected: Equatable {
        var index: Int
        var text: String
    }

    /// The open overlay as its view draws it, alone on a blank frame (nothing of the transcript behind it); nil
    /// when none is open.
    static func read(_ state: AppState) -> PlainOverlay? {
        guard let overlay = state.overlay else { return nil }
        // At the size the app pages and scrolls by (the terminal's): drawn larger, an approval's last lines would
        // be out of reach of its keys.
        let width = max(Screen.minimumWidth, state.display.terminalWidth)
        let height = max(Screen.minimumHeight, state.display.terminalHeight)
        var frame = Frame(width: width, height: height)
        overlay.model.view(of: state).render(in: Rect(x: 0, y: 0, width: width, height: height), into: &frame)
        // The box: its top-left corner, and the border's columns on that row.
        guard let top = (0..<frame.height).first(where: { y in (0..<frame.width).contains { frame[$0, y].text == "╭" } }),
            let left = (0..<frame.width).first(where: { frame[$0, top].text == "╭" }),
            let right = ((left + 1)..<frame.width).first(where: { frame[$0, top].text == "╮" })
        else { return nil }
        let bottom = ((top + 1)..<frame.height).first { frame[left, $0].text == "╰" } ?? frame.height
        func text(_ y: Int) -> String {
            ((left + 1)..<right).map { frame[$0, y].text }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "│─ "))
        }
        let title = text(top)
        var rows: [String] = []
        var selected: Selected?
        for y in (top + 1)...min(bottom, frame.height - 1) {
            let row = text(y)
            guard !row.isEmpty else { continue }
            if selected == nil, ((left + 1)..<right).contains(where: { frame[$0, y].style.background == .selection }) {
                selected = Selected(index: rows.count, text: row)
            }
            rows.append(row)
        }
        // A list answered by number: its choices numbered, as the model has them (headings and filter lines are
        // not choices), the arrows' place among them.
        if let choices = Self.choices(overlay.model, state) {
            let numbered = choices.labels.enumerated().map { "\($0.offset + 1). \(TerminalText.singleLine($0.element, limit: 200))" }
            let chosen = choices.selected.flatMap { numbered.indices.contains($0) ? Selected(index: $0, text: numbered[$0]) : nil }
            // The filter typed is said with the list it gave (in the title, so that the list is said again whole).
            let field = choices.field.flatMap { $0.isEmpty ? nil : " · filter: " + TerminalText.singleLine($0, limit: 200) }
            return PlainOverlay(title: title + (field ?? "") + " · type a number, then Enter", rows: numbered, selected: chosen)
        }
        // F1 whole, whatever the terminal's height: nothing is out of reach of a voice that reads on.
        if case .help = overlay {
            let keymap = state.display.keymap
            let lines = HelpOverlay.lines(keymap, mode: state.display.screenMode).map { line in
                switch line {
                case .heading(let heading): return heading + ":"
                case .row(let row): return "  \(row.keys): \(row.meaning)"
                }
            }
            return PlainOverlay(title: title, rows: lines, selected: nil)
        }
        return PlainOverlay(title: title, rows: rows, selected: selected)
    }

    private static func choices<Model: OverlayModel>(_ model: Model, _ state: AppState) -> (labels: [String], selected: Int?, field: String?)? {
        model.choices(in: state).map { ($0.labels, $0.selected, $0.field) }
    }

    /// What to say of `self`, `before` having been said: the whole box when it is new or its rows changed with the
    /// selection still (a second approval, a scroll), else the row the selection moved to.
    func lines(after before: PlainOverlay?) -> [String] {
        if let before, before.title == title {
            if let selected, selected != before.selected { return ["\(selected.index + 1) of \(rows.count): \(selected.text)"] }
            if rows == before.rows { return [] }
        }
        return ["", title + ":"] + rows + (selected.map { ["selected: \($0.text)"] } ?? [])
    }
}
