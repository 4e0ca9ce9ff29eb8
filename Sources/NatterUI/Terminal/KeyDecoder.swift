import CNcursesw

/// What curses hands over, before it means anything.
enum RawKey: Sendable, Hashable {
    case character(UInt32)
    case code(Int32)
    case wheel(up: Bool)
}

/// Turns raw curses input into keys and text: control characters into Ctrl+letters, ESC-prefixed input
/// into Alt+Enter or a bracketed paste, runs of typed characters into one text (so that a grapheme cluster
/// typed as several code points stays one character).
struct KeyDecoder {
    private var pasteBuffer: [UInt32]?

    private static let pasteStart: [UInt32] = Array("[200~".unicodeScalars.map(\.value))
    private static let pasteEnd: [UInt32] = [27] + Array("[201~".unicodeScalars.map(\.value))

    mutating func decode(_ raw: [RawKey]) -> [TerminalInput] {
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
            if pasteBuffer != nil {
                if case .character(let value) = item {
                    pasteBuffer!.append(value)
                    if pasteBuffer!.count >= Self.pasteEnd.count, Array(pasteBuffer!.suffix(Self.pasteEnd.count)) == Self.pasteEnd {
                        let content = pasteBuffer!.dropLast(Self.pasteEnd.count).compactMap(Unicode.Scalar.init)
                        output.append(.text(String(String.UnicodeScalarView(content))))
                        pasteBuffer = nil
                    }
                }
                continue
            }
            switch item {
            case .wheel(let up):
                flushText()
                output.append(.key(up ? .wheelUp : .wheelDown))
            case .code(let code):
                flushText()
                if let key = Self.key(forCode: code) { output.append(.key(key)) }
            case .character(let value):
                if value == 27 {
                    flushText()
                    let rest = raw[index...].prefix(Self.pasteStart.count).compactMap { item -> UInt32? in
                        if case .character(let next) = item { return next }
                        return nil
                    }
                    if rest == Self.pasteStart {
                        index += Self.pasteStart.count
                        pasteBuffer = []
                    } else if index < raw.count, raw[index] == .character(13) {
                        index += 1
                        output.append(.key(.newline))
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
