import NatterProviders

/// Markdown as a chat reply uses it, as HTML: the same reading of it as `MarkdownRenderer` gives the screen
/// (its headings, lists, quotes, rules, tables, inline marks and code coloured by `CodeLexer`), laid out by a
/// browser instead of wrapped into cells. Every piece of text goes through `HTMLText`: a reply is untrusted,
/// and markup inside it is shown as what it is, text.
enum HTMLMarkdown {
    /// The blocks of `text`, its fenced code numbered as the screen numbers it (`[1]`, `[2]`).
    static func html(_ text: String) -> String {
        var writer = Writer()
        let lines = TerminalText.sanitized(text).split(separator: "\n", omittingEmptySubsequences: false)
        var index = 0
        while index < lines.count {
            let line = MarkdownRenderer.expandingTabs(lines[index])
            index += 1
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("```") {
                var code: [Substring] = []
                while index < lines.count, !lines[index].trimmingSpaces().hasPrefix("```") {
                    code.append(lines[index])
                    index += 1
                }
                index += 1  // the closing fence; an unclosed block runs to the end, as on screen
                writer.codeBlock(code, language: trimmed.dropFirst(3).trimmingSpaces())
                continue
            }
            if MarkdownTable.isRow(trimmed), index < lines.count,
                let alignments = MarkdownTable.alignments(MarkdownRenderer.expandingTabs(lines[index]).trimmingSpaces()),
                alignments.count == MarkdownTable.cells(trimmed).count
            {
                var rows: [[String]] = []
                index += 1
                while index < lines.count {
                    let row = MarkdownRenderer.expandingTabs(lines[index]).trimmingSpaces()
                    guard MarkdownTable.isRow(row) else { break }
                    rows.append(MarkdownTable.cells(row))
                    index += 1
                }
                writer.table(header: MarkdownTable.cells(trimmed), alignments: alignments, rows: rows)
                continue
            }
            writer.line(line, trimmed: trimmed)
        }
        writer.close()
        return writer.out
    }

    /// The document so far and the block still open: consecutive lines of a paragraph, a quote or a list
    /// belong to one element.
    private struct Writer {
        enum Open: Equatable {
            case none, paragraph, quote, list(ordered: Bool)
        }

        var out = ""
        var open = Open.none
        var codeBlocks = 0

        mutating func line(_ line: String, trimmed: String) {
            if trimmed.isEmpty { return close() }
            if MarkdownRenderer.isRule(trimmed) {
                close()
                out += "<hr>\n"
                return
            }
            if let level = MarkdownRenderer.headingLevel(trimmed) {
                close()
                let base = Style(.heading, [.bold])
                // The page's title is its h1: a reply's headings start one below it.
                let tag = "h\(min(6, level + 1))"
                out += "<\(tag)>\(inline(trimmed.dropFirst(level).trimmingSpaces(), base: base))</\(tag)>\n"
                return
            }
            if trimmed.hasPrefix(">") {
                continueBlock(.quote, opening: "<blockquote>")
                out += inline(trimmed.dropFirst().trimmingSpaces(), base: Style(.quote, [.italic]))
                return
            }
            if let (marker, rest) = MarkdownRenderer.listItem(trimmed) {
                let ordered = marker != "• "
                if open != .list(ordered: ordered) {
                    close()
                    out += ordered ? "<ol>\n" : "<ul>\n"
                    open = .list(ordered: ordered)
                }
                // Nesting as the model wrote it, by its leading spaces; an ordered item keeps its number.
                let depth = min(6, line.prefix { $0 == " " }.count / 2)
                // Only digits a browser reads: `listItem` takes any numeral ("½", "٣"), which it would ignore.
                let digits = marker.dropLast(2)
                let number = ordered && digits.allSatisfy(\.isASCII) ? Int(digits).map { " value=\"\($0)\"" } ?? "" : ""
                out += "<li class=\"depth-\(depth)\"\(number)>\(inline(rest, base: .plain))</li>\n"
                return
            }
            continueBlock(.paragraph, opening: "<p>")
            out += inline(line, base: .plain)
        }

        /// Starts `block` unless it is the one open; a line within it starts on a line of its own.
        private mutating func continueBlock(_ block: Open, opening: String) {
            if open == block {
                out += "<br>\n"
                return
            }
            close()
            out += opening
            open = block
        }

        mutating func close() {
            switch open {
            case .none: break
            case .paragraph: out += "</p>\n"
            case .quote: out += "</blockquote>\n"
            case .list(let ordered): out += ordered ? "</ol>\n" : "</ul>\n"
            }
            open = .none
        }

        mutating func codeBlock(_ lines: [Substring], language: String) {
            close()
            codeBlocks += 1
            let label = language.isEmpty ? "[\(codeBlocks)]" : "[\(codeBlocks)] \(HTMLText.escaped(language))"
            out += "<figure class=\"code\"><figcaption>\(label)</figcaption><pre><code>"
            let base = Style(.code, background: .codeBackground)
            var continuation = CodeLexer.Continuation.none
            for (number, line) in lines.enumerated() {
                if number > 0 { out += "\n" }
                let text = MarkdownRenderer.expandingTabs(line)
                if let lexer = CodeLanguage.named(language).map(CodeLexer.init) {
                    let (spans, next) = lexer.lex(text, from: continuation)
                    continuation = next
                    out += HTMLText.spans(spans, in: base)
                } else {
                    out += HTMLText.escaped(text)
                }
            }
            out += "</code></pre></figure>\n"
        }

        mutating func table(header: [String], alignments: [MarkdownTable.Alignment], rows: [[String]]) {
            close()
            func cell(_ tag: String, _ text: String, _ alignment: MarkdownTable.Alignment) -> String {
                let align: String
                switch alignment {
                case .left: align = ""
                case .center: align = " class=\"center\""
                case .right: align = " class=\"right\""
                }
                return "<\(tag)\(align)>\(inline(text, base: .plain))</\(tag)>"
            }
            out += "<table>\n<thead><tr>"
            for (column, text) in header.enumerated() { out += cell("th", text, alignments[column]) }
            out += "</tr></thead>\n<tbody>\n"
            for row in rows {
                out += "<tr>"
                // As many cells as the header has, as on screen: a short row padded, a long one cut.
                for column in header.indices { out += cell("td", column < row.count ? row[column] : "", alignments[column]) }
                out += "</tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }

        private func inline(_ text: String, base: Style) -> String {
            HTMLText.spans(InlineMarkdown.spans(text, base: base), in: base)
        }
    }
}
