/// GFM tables (SPEC 10): a header row, a delimiter row (`| :--- | :-: | --: |`) and body rows, drawn with box
/// characters, the columns as wide as their widest cell by display width (CJK and emoji take two cells) and
/// aligned as the colons say. A table wider than the pane has its widest columns narrowed and their cells
/// wrapped; one too narrow for even that stays as its text.
enum MarkdownTable {
    enum Alignment: Equatable {
        case left, center, right
    }

    /// A line that can be a row: it has a `|` outside code spans' reach (a cheap test; the delimiter row decides).
    static func isRow(_ trimmed: String) -> Bool {
        trimmed.contains("|") && !trimmed.hasPrefix("```")
    }

    /// The cells of a row: split at `|` not escaped by a backslash, the outer pipes dropped, each trimmed.
    static func cells(_ trimmed: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        var inCode = false
        for character in trimmed {
            if escaped {
                if character != "|" { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "`" {
                inCode.toggle()
                current.append(character)
            } else if character == "|" && !inCode {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        cells.append(current)
        if trimmed.hasPrefix("|") { cells.removeFirst() }
        if trimmed.hasSuffix("|") && !trimmed.hasSuffix("\\|") && cells.count > 1 { cells.removeLast() }
        return cells.map { $0.trimmingSpaces() }
    }

    /// The alignments of a delimiter row, nil for a line that is not one.
    static func alignments(_ trimmed: String) -> [Alignment]? {
        guard trimmed.contains("-"), trimmed.allSatisfy({ "|:- ".contains($0) }) else { return nil }
        let cells = cells(trimmed)
        var result: [Alignment] = []
        for cell in cells {
            guard cell.count >= 1, cell.contains("-"), cell.dropFirst().dropLast().allSatisfy({ $0 == "-" }) else { return nil }
            switch (cell.hasPrefix(":"), cell.hasSuffix(":") && cell.count > 1) {
            case (true, true): result.append(.center)
            case (false, true): result.append(.right)
            default: result.append(.left)
            }
        }
        return result
    }

    /// Draws the table at `width`; nil when it cannot fit even one cell per column.
    static func render(header: [String], alignments: [Alignment], rows: [[String]], width: Int, base: Style) -> [StyledLine]? {
        let columns = alignments.count
        // Borders and a space each side of every cell.
        let available = width - (columns + 1) - 2 * columns
        guard columns > 0, available >= columns else { return nil }
        func padded(_ cells: [String]) -> [String] {
            Array(cells.prefix(columns)) + Array(repeating: "", count: max(0, columns - cells.count))
        }
        let headerStyle = Style(.heading, [.bold])
        let all = [padded(header)] + rows.map(padded)
        let natural = (0..<columns).map { column in
            max(1, all.map { row in naturalWidth(of: row[column], base: base) }.max() ?? 1)
        }
        let widths = fitted(natural, into: available)
        let border = Style(.border)
        func edge(_ left: String, _ middle: String, _ right: String) -> StyledLine {
            [Span(left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right, border)]
        }
        var lines: [StyledLine] = [edge("┌", "┬", "┐")]
        for (index, row) in all.enumerated() {
            let style = index == 0 ? headerStyle : base
            let wrapped = (0..<columns).map { column in
                Paragraph(text: row[column], base: style).render(width: widths[column]).map { $0.isEmpty ? [] : $0 }
            }
            let height = max(1, wrapped.map(\.count).max() ?? 1)
            for lineIndex in 0..<height {
                var line: StyledLine = [Span("│", border)]
                for column in 0..<columns {
                    let cell = lineIndex < wrapped[column].count ? wrapped[column][lineIndex] : []
                    let cellWidth = cell.reduce(0) { $0 + DisplayWidth.of($1.text) }
                    let spare = max(0, widths[column] - cellWidth)
                    let before: Int
                    switch alignments[column] {
                    case .left: before = 0
                    case .center: before = spare / 2
                    case .right: before = spare
                    }
                    line.append(Span(String(repeating: " ", count: 1 + before), base))
                    line += cell
                    line.append(Span(String(repeating: " ", count: 1 + spare - before), base))
                    line.append(Span("│", border))
                }
                lines.append(line)
            }
            if index == 0 { lines.append(edge("├", "┼", "┤")) }
        }
        lines.append(edge("└", "┴", "┘"))
        return lines
    }

    /// A cell's width on one line: its styled text, markers and all removed.
    private static func naturalWidth(of cell: String, base: Style) -> Int {
        InlineMarkdown.spans(cell, base: base).reduce(0) { $0 + DisplayWidth.of($1.text) }
    }

    /// Column widths within `available`: as they are when they fit, else the widest capped at the largest
    /// width that makes them fit (narrow columns keep their width; only wide ones wrap).
    static func fitted(_ natural: [Int], into available: Int) -> [Int] {
        guard natural.reduce(0, +) > available else { return natural }
        var low = 1
        var high = natural.max() ?? 1
        while low < high {
            let cap = (low + high + 1) / 2
            if natural.reduce(0, { $0 + min($1, cap) }) <= available { low = cap } else { high = cap - 1 }
        }
        var widths = natural.map { min($0, low) }
        // What the cap leaves over goes to the capped columns, one cell each, left to right.
        var spare = available - widths.reduce(0, +)
        for index in widths.indices where spare > 0 && natural[index] > widths[index] {
            widths[index] += 1
            spare -= 1
        }
        return widths
    }
}
