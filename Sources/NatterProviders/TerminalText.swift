/// Text from outside (model output, provider error bodies, file contents) made safe to print: it may hold
/// escape sequences that would clear the screen, set the clipboard (OSC 52) or move the cursor.
public enum TerminalText {
    /// Removes C0 and C1 controls, DEL and bidi overrides; keeps newlines and tabs when asked.
    public static func sanitized(_ text: String, keepNewlines: Bool = true) -> String {
        // Most text has nothing to remove: returned as it is after one look at its bytes (scalar by scalar
        // rebuilding was a third of `natter show`'s time on a 50 MB session).
        if isClean(text, keepNewlines: keepNewlines) { return text }
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

    /// Whether `text` holds nothing `sanitized` would remove, judged from its UTF-8 bytes: printable ASCII passes
    /// at once; a multi-byte scalar is looked at only when its lead byte could start an unsafe one (C1 controls
    /// start with 0xC2, U+061C with 0xD8, bidi controls with 0xE2, tag characters with 0xF3).
    static func isClean(_ text: String, keepNewlines: Bool) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case 0x20..<0x7F: break
                case 0x0A, 0x09: if !keepNewlines { return false }
                case 0xE2:
                    // U+2000–U+20FF: typographic punctuation (— “ ” …) is common in replies; only the bidi
                    // controls among them (E2 80 8E/8F, E2 80 AA–AE, E2 81 A6–A9) need the careful path.
                    guard index + 2 < bytes.count else { return false }
                    let (second, third) = (bytes[index + 1], bytes[index + 2])
                    if second == 0x80, third == 0x8E || third == 0x8F || (0xAA...0xAE).contains(third) { return false }
                    if second == 0x81, (0xA6...0xA9).contains(third) { return false }
                    index += 2
                case 0xC2:
                    // U+0080–U+00BF: only the C1 controls (C2 80–9F) are unsafe; `·`, `©`, `°` are common.
                    guard index + 1 < bytes.count, !(0x80...0x9F).contains(bytes[index + 1]) else { return false }
                    index += 1
                case 0xD8, 0xF3: return false  // U+061C, tag characters: the careful path decides
                case 0x80...: break  // other multi-byte scalars are safe
                default: return false
                }
                index += 1
            }
            return true
        }
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
