/// Pasted text made ready for where it goes, in one pass over its bytes: a paste can be many megabytes, and
/// Foundation's replacingOccurrences took seconds over ten of them. Terminals (and tmux) send a pasted line
/// end as CR.
enum PastedText {
    /// CR LF and lone CR as LF: the input's own line ends.
    static func normalizedNewlines(_ text: String) -> String {
        var text = text
        guard count(of: 0x0D, in: text) > 0 else { return text }
        return text.withUTF8 { source in
            String(unsafeUninitializedCapacity: source.count) { target in
                var written = 0
                var afterCR = false
                for byte in source {
                    if byte == 0x0A, afterCR {
                        afterCR = false
                        continue
                    }
                    afterCR = byte == 0x0D
                    target[written] = afterCR ? 0x0A : byte
                    written += 1
                }
                return written
            }
        }
    }

    /// How many times a byte occurs in the text's UTF-8, over its contiguous storage.
    static func count(of byte: UInt8, in text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            var count = 0
            for value in bytes where value == byte { count += 1 }
            return count
        }
    }

    /// One line, for a one-line field (a filter, a title): each line end (CR LF, CR or LF) as a space.
    static func singleLine(_ text: String) -> String {
        let normalized = normalizedNewlines(text)
        guard normalized.utf8.contains(0x0A) else { return normalized }
        return String(decoding: normalized.utf8.map { $0 == 0x0A ? 0x20 : $0 }, as: UTF8.self)
    }
}
