import NatterProviders

/// The input box's lines: the draft cut at the width (so the caret maps to one cell), at most `maxLines` of
/// them, scrolled to keep the caret in view.
public enum InputView {
    public struct Layout {
        public var lines: [String]
        /// Index of the first shown line among all of the draft's lines.
        public var firstVisible: Int
        /// Caret within the shown lines.
        public var caret: (x: Int, y: Int)
        /// vi's visual selection: the cells it covers on each shown line that has any.
        public var selected: [(y: Int, columns: Range<Int>)] = []
    }

    /// - Parameter selection: characters to show selected (vi's visual mode).
    public static func layout(_ input: InputBuffer, width: Int, maxLines: Int, selection: Range<Int>? = nil) -> Layout {
        var lines: [String] = [""]
        var widths: [Int] = [0]
        var caret = (x: 0, y: 0)
        var selected: [(y: Int, columns: Range<Int>)] = []
        for (index, character) in input.text.enumerated() {
            if index == input.caret { caret = (widths[widths.count - 1], lines.count - 1) }
            if character == "\n" {
                // A selected line break shows as one selected cell where the line ends (V on an empty line).
                if let selection, selection.contains(index) {
                    let end = widths[widths.count - 1]
                    if let last = selected.last, last.y == lines.count - 1, last.columns.upperBound == end {
                        selected[selected.count - 1].columns = last.columns.lowerBound..<(end + 1)
                    } else {
                        selected.append((lines.count - 1, end..<(end + 1)))
                    }
                }
                lines.append("")
                widths.append(0)
                continue
            }
            let shown: String
            if !input.pastes.isEmpty, let chip = input.chipLabel(character) {
                shown = String(chip.prefix(max(1, width)))
            } else {
                shown = TerminalText.sanitized(String(character), keepNewlines: false)
            }
            let cellWidth = DisplayWidth.of(shown)
            if widths[widths.count - 1] + cellWidth > width {
                lines.append("")
                widths.append(0)
                if index == input.caret { caret = (0, lines.count - 1) }
            }
            if let selection, selection.contains(index) {
                let start = widths[widths.count - 1]
                if let last = selected.last, last.y == lines.count - 1, last.columns.upperBound == start {
                    selected[selected.count - 1].columns = last.columns.lowerBound..<(start + cellWidth)
                } else {
                    selected.append((lines.count - 1, start..<(start + cellWidth)))
                }
            }
            lines[lines.count - 1] += shown
            widths[widths.count - 1] += cellWidth
        }
        if input.caret == input.text.count {
            caret = (widths[widths.count - 1], lines.count - 1)
            if caret.x >= width {
                lines.append("")
                caret = (0, lines.count - 1)
            }
        }
        let first = max(0, min(caret.y - maxLines + 1, lines.count - maxLines))
        let visible = Array(lines[first..<min(lines.count, first + maxLines)])
        let shownSelection = selected.filter { $0.y >= first && $0.y < first + visible.count }.map { (y: $0.y - first, columns: $0.columns) }
        return Layout(lines: visible, firstVisible: first, caret: (caret.x, caret.y - first), selected: shownSelection)
    }
}
