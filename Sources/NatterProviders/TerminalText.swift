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
        // One pass, scalar by scalar: every provider error goes through here, and the fuzz tests showed a
        // String per scalar plus a split and a join costing more than decoding the chunk that failed.
        var scalars = String.UnicodeScalarView()
        var spaceBefore = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\n" || scalar == "\r" || scalar == "\t" {
                spaceBefore = !scalars.isEmpty
            } else if !isUnsafe(scalar) {
                if spaceBefore { scalars.append(" ") }
                spaceBefore = false
                scalars.append(scalar)
            }
        }
        let collapsed = String(scalars)
        return collapsed.count > limit ? String(collapsed.prefix(limit - 1)) + "…" : collapsed
    }

    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: return true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return true  // bidi controls
        // Tag characters draw as nothing and can smuggle text past a reader ("ASCII smuggling"); the price is
        // that the few subdivision flags built from them show as a plain black flag.
        case 0xE0000...0xE007F: return true
        default: return false
        }
    }
}
