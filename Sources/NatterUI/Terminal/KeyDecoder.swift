import CNcursesw

/// What curses hands over, before it means anything. Public for natter-bench, which feeds a large paste
/// through the decoder as curses would.
public enum RawKey: Sendable, Hashable {
    case character(UInt32)
    case code(Int32)
    /// The wheel turned with the pointer at column `x`, row `y` (-1: not said).
    case wheel(up: Bool, x: Int = -1, y: Int = -1)
    /// The first button pressed at column `x`, row `y`.
    case click(x: Int, y: Int)
}

/// Turns raw curses input into keys and text: control characters into Ctrl+letters, ESC-prefixed input
/// into Alt+Enter or a bracketed paste, runs of typed characters into one text (so that a grapheme cluster
/// typed as several code points stays one character).
public struct KeyDecoder {
    /// A bracketed paste being received: its text as UTF-8, and how much of the end marker has just been
    /// seen (held back until it proves to be the marker or not). A 10 MB paste is ten million characters:
    /// each costs an append, nothing more.
    private struct Paste {
        var bytes: [UInt8] = []
        var markerMatched = 0
        static let marker = Array("\u{1B}[201~".utf8)

        /// Takes one character as curses decoded it; true when it completed the end marker.
        mutating func take(_ value: UInt32) -> Bool {
            if value < 0x80 { return take(byte: UInt8(value)) }
            guard let scalar = Unicode.Scalar(value) else { return false }
            var done = false
            UTF8.encode(scalar) { done = take(byte: $0) || done }
            return done
        }

        /// Takes one byte of UTF-8; true when it completed the end marker (which is ASCII).
        mutating func take(byte: UInt8) -> Bool {
            if byte == Self.marker[markerMatched] {
                markerMatched += 1
                return markerMatched == Self.marker.count
            }
            // Not the marker after all: what was held back is text. The marker's first byte (ESC) is nowhere
            // else in it, so the byte that broke the match can only start a new one.
            bytes += Self.marker[..<markerMatched]
            markerMatched = 0
            if byte == Self.marker[0] {
                markerMatched = 1
            } else {
                bytes.append(byte)
            }
            return false
        }
    }

    private var paste: Paste?

    /// Inside a bracketed paste: the terminal may hand the rest over as raw bytes (`takePasted`).
    public var isInPaste: Bool { paste != nil }

    /// The bytes of a paste in progress, read straight from the terminal rather than a character at a time
    /// through curses (ten million wget_wch calls took 19 s for a 10 MB paste). Bytes after the paste's end
    /// are decoded as typed input.
    public mutating func takePasted(_ bytes: UnsafeBufferPointer<UInt8>) -> [TerminalInput] {
        guard var current = paste else { return decode(String(decoding: bytes, as: UTF8.self).unicodeScalars.map { .character($0.value) }) }
        paste = nil  // held here while it grows, so that the array is never shared and copied
        var index = 0
        while index < bytes.count {
            // Everything up to the next ESC is text, appended in one go: the marker can only start there.
            if current.markerMatched == 0 {
                let escape = bytes[index...].firstIndex(of: 0x1B) ?? bytes.count
                current.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<escape]))
                index = escape
                if index == bytes.count { break }
            }
            let done = current.take(byte: bytes[index])
            index += 1
            if done {
                let text = String(decoding: current.bytes, as: UTF8.self)
                let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[index...]), as: UTF8.self)
                return [.text(text)] + decode(rest.unicodeScalars.map { .character($0.value) })
            }
        }
        paste = current
        return []
    }
    /// Keys that this terminal's terminfo entry gives codes of their own at run time (Ctrl+Left is `kLFT5`),
    /// which curses hands over as those codes.
    var extendedCodes: [Int32: Key] = [:]

    private static let pasteStart: [UInt32] = Array("[200~".unicodeScalars.map(\.value))
    private static let pasteEnd: [UInt32] = [27] + Array("[201~".unicodeScalars.map(\.value))

    public init() {}

    public mutating func decode(_ raw: [RawKey]) -> [TerminalInput] {
        var output: [TerminalInput] = []
        var text = String.UnicodeScalarView()
        func flushText() {
            if !text.isEmpty { output.append(.text(String(text))) }
            text = String.UnicodeScalarView()
        }
        var index = 0
        while index < raw.count {
            let item = raw[index]
            index += 1
            if paste != nil {
                if case .character(let value) = item, paste!.take(value) {
                    output.append(.text(String(decoding: paste!.bytes, as: UTF8.self)))
                    paste = nil
                }
                continue
            }
            switch item {
            case .wheel(let up, let x, let y):
                flushText()
                output.append(x >= 0 && y >= 0 ? .wheel(up: up, x: x, y: y) : .key(up ? .wheelUp : .wheelDown))
            case .click(let x, let y):
                flushText()
                output.append(.click(x: x, y: y))
            case .code(let code):
                flushText()
                if let key = extendedCodes[code] ?? Self.key(forCode: code) { output.append(.key(key)) }
            case .character(let value):
                if value == 27 {
                    flushText()
                    let rest = raw[index...].prefix(Self.pasteStart.count).compactMap { item -> UInt32? in
                        if case .character(let next) = item { return next }
                        return nil
                    }
                    if rest == Self.pasteStart {
                        index += Self.pasteStart.count
                        paste = Paste()
                    } else if let focused = Self.focusReport(raw[index...]) {
                        index += 2
                        output.append(.focus(focused))
                    } else if index < raw.count, raw[index] == .character(13) {
                        index += 1
                        output.append(.key(.newline))
                    } else if let (key, length) = Self.escapeSequence(raw[index...]) {
                        index += length
                        if let key { output.append(.key(key)) }
                    } else if index < raw.count, let key = Self.altKey(raw[index]) {
                        index += 1
                        output.append(.key(key))
                    } else {
                        output.append(.key(.escape))
                    }
                    continue
                }
                if let key = Self.key(forControl: value) {
                    flushText()
                    output.append(.key(key))
                } else if let scalar = Unicode.Scalar(value) {
                    text.append(scalar)
                }
            }
        }
        flushText()
        return output
    }

    /// A CSI (`ESC [`) or SS3 (`ESC O`) sequence that curses passed through undecoded, because the terminal
    /// sends keys its TERM entry does not list (tmux's End is `ESC [4~`), or that no curses read at all (the
    /// inline and plain surfaces read the terminal's bytes themselves). The whole sequence is consumed, so
    /// it never turns into typed text; the common keys are recognised, the rest dropped.
    /// Returns the key (nil: consumed but unknown) and how many raw items after the ESC it took.
    static func escapeSequence(_ rest: ArraySlice<RawKey>) -> (Key?, Int)? {
        var values: [UInt32] = []
        for item in rest.prefix(16) {
            guard case .character(let value) = item else { break }
            values.append(value)
            if values.count > 1, (0x40...0x7E).contains(value) { break }
        }
        guard let introducer = values.first, introducer == 0x5B || introducer == 0x4F, values.count >= 2,
            let final = values.last, (0x40...0x7E).contains(final)
        else { return nil }
        let body = String(String.UnicodeScalarView(values.compactMap(Unicode.Scalar.init)))
        let keys: [String: Key] = [
            "[A": .up, "[B": .down, "[C": .right, "[D": .left, "OA": .up, "OB": .down, "OC": .right, "OD": .left,
            "[H": .home, "[F": .end, "OH": .home, "OF": .end, "[1~": .home, "[7~": .home, "[4~": .end, "[8~": .end,
            "[5~": .pageUp, "[6~": .pageDown, "[3~": .delete, "[1;2A": .shiftUp, "[1;2B": .shiftDown,
            "OP": .function(1), "OQ": .function(2), "OR": .function(3), "OS": .function(4), "[11~": .function(1),
            "[12~": .function(2), "[13~": .function(3), "[14~": .function(4), "[15~": .function(5), "[17~": .function(6),
            "[18~": .function(7), "[19~": .function(8), "[20~": .function(9), "[21~": .function(10), "[23~": .function(11),
            "[24~": .function(12),
            "[1;5C": .controlRight, "[1;5D": .controlLeft, "[5C": .controlRight, "[5D": .controlLeft,
            "[1;3C": .alt("f"), "[1;3D": .alt("b"), "[1;3A": .altUp, "[1;3B": .altDown,
        ]
        return (keys[body], values.count)
    }

    /// `ESC [ I` (focus in) or `ESC [ O` (focus out) after the ESC; nil for anything else.
    static func focusReport(_ rest: ArraySlice<RawKey>) -> Bool? {
        guard rest.count >= 2, rest[rest.startIndex] == .character(0x5B) else { return nil }
        switch rest[rest.startIndex + 1] {
        case .character(0x49): return true
        case .character(0x4F): return false
        case .character, .code, .wheel, .click: return nil
        }
    }

    /// ESC then B, F or Backspace: Alt (Meta) as terminals send it, for the word keys of the input. Only
    /// those: Esc pressed and a letter typed at once (as `tmux send-keys` does, or a fast typist) must stay
    /// Esc and the letter, and no other Alt key means anything to natter.
    static func altKey(_ item: RawKey) -> Key? {
        guard case .character(let value) = item else { return nil }
        switch value {
        case 127, 8: return .altBackspace
        case 0x62: return .alt("b")
        case 0x66: return .alt("f")
        default: return nil
        }
    }

    static func key(forControl value: UInt32) -> Key? {
        switch value {
        case 13: return .enter
        case 10: return .newline
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(value + 96)!))
        case 0...31, 0x80...0x9F: return .escape  // other controls are never text
        default: return nil
        }
    }

    static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_SR: return .shiftUp
        case KEY_SF: return .shiftDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        default:
            for number in 1...12 where code == natter_key_f(Int32(number)) { return .function(number) }
            return nil
        }
    }
}
