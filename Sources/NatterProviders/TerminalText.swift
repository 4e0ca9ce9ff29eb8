/// Text from outside (model output, provider error bodies, file contents) made safe to print: it may hold
/// escape sequences that would clear the screen, set the clipboard (OSC 52) or move the cursor.
public enum TerminalText {
    /// Removes C0 and C1 controls, DEL and bidi overrides; keeps newlines and tabs when asked.
    public static func sanitized(_ text: String, keepNewlines: Bool = true) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if keepNewlines && (scalar == "\n" || scalar == "\t") {
                scalars.append(scalar)
            } else if !isUnsafe(scalar) {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// One line, controls removed, at most `limit` characters: for error messages and status lines.
    public static func singleLine(_ text: String, limit: Int) -> String {
        let flattened = text.unicodeScalars.map { scalar -> String in
            if scalar == "\n" || scalar == "\r" || scalar == "\t" { return " " }
            return isUnsafe(scalar) ? "" : String(scalar)
        }.joined()
        let collapsed = flattened.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return collapsed.count > limit ? String(collapsed.prefix(limit - 1)) + "…" : collapsed
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true  // bidi controls
        default: return false
        }
    }
}
