import NatterProviders

/// Text made safe for a page: every character that could open markup escaped, and what `TerminalText` strips
/// from a screen (controls, bidi overrides) stripped here too, since a page can be fooled by them the same way.
/// Everything a model, a tool, a file or a transcript wrote reaches the page only through here.
enum HTMLText {
    static func escaped(_ text: some StringProtocol) -> String {
        let clean = TerminalText.sanitized(String(text))
        // Most text has nothing to escape: returned after one look at its bytes.
        guard clean.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return clean }
        var out = ""
        out.reserveCapacity(clean.utf8.count + 16)
        for character in clean.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// A span as the screen styles it: its colours and attributes become classes the style sheet defines
    /// (`HTMLStyleSheet`), so a page and a terminal showing the same reply agree.
    static func span(_ span: Span, in base: Style = .plain) -> String {
        let text = escaped(span.text)
        var classes: [String] = []
        if span.style.foreground != base.foreground { classes.append("f-" + span.style.foreground.rawValue) }
        if span.style.background != base.background { classes.append("b-" + span.style.background.rawValue) }
        let added = span.style.attributes.subtracting(base.attributes)
        if added.contains(.bold) { classes.append("bold") }
        if added.contains(.italic) { classes.append("italic") }
        if added.contains(.underline) { classes.append("underline") }
        if added.contains(.dim) { classes.append("dim") }
        guard !classes.isEmpty else { return text }
        return "<span class=\"\(classes.joined(separator: " "))\">\(text)</span>"
    }

    static func spans(_ line: StyledLine, in base: Style = .plain) -> String {
        var out = ""
        for piece in line { out += span(piece, in: base) }
        return out
    }
}
