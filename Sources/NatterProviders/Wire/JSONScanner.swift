/// A strict pull reader over the bytes of one JSON document, for the few streamed chunks that arrive by the
/// hundred per second: it walks the document in place, decodes only the strings asked for and skips the rest
/// without building anything. Foundation's `JSONDecoder` spent most of a chunk's decoding time in the
/// `Codable` machinery rather than in parsing, and showed in the streaming profile.
///
/// It accepts only what RFC 8259 accepts and gives up (`Unexpected`) on anything it is not sure of: the caller
/// then decodes the document with `JSONDecoder`, which decides and words the error. So a fast answer is
/// always the answer `JSONDecoder` would have given, and every doubtful case takes the slow path.
package struct JSONScanner {
    /// The scanner cannot vouch for the document; decode it the ordinary way.
    package struct Unexpected: Error {
        package init() {}
    }

    /// Deeper than this, skipping gives up rather than recursing further.
    private static let maximumDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// How far the scanner has read: the bytes before it are never looked at again.
    package var offset: Int { position }

    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Reads one whole document with `scan`: nil when the scanner cannot vouch for it or anything but
    /// whitespace follows it.
    package static func scanWhole<Value>(_ text: String, _ scan: (inout JSONScanner) throws(Unexpected) -> Value) -> Value? {
        var text = text
        return text.withUTF8 { bytes -> Value? in
            var scanner = JSONScanner(bytes)
            guard let value = try? scan(&scanner), scanner.isAtEnd() else { return nil }
            return value
        }
    }

    /// An object member's name, as raw bytes (a name with escapes is refused, and no name we look for has one).
    package struct Name {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>

        package func `is`(_ expected: StaticString) -> Bool {
            guard bytes.count == expected.utf8CodeUnitCount else { return false }
            let wanted = expected.utf8Start
            for index in 0..<bytes.count where bytes[index] != wanted[index] { return false }
            return true
        }

        /// The name as one number, for a reader of many names to switch over (`Name.key("id")`): its bytes, when
        /// there are at most 8 of them; 0 for a longer name. A `switch` over strings compares each case in turn,
        /// and comparing unequal strings was a tenth of reading the sessions index.
        package var key: UInt64 {
            guard bytes.count <= 8 else { return 0 }
            var key: UInt64 = 0
            for byte in bytes.reversed() { key = key << 8 | UInt64(byte) }
            return key
        }

        /// `key` of a name written in the code.
        package static func key(_ name: StaticString) -> UInt64 {
            precondition(name.utf8CodeUnitCount <= 8, "a key holds 8 bytes")
            var key: UInt64 = 0
            for index in (0..<name.utf8CodeUnitCount).reversed() { key = key << 8 | UInt64(name.utf8Start[index]) }
            return key
        }
    }

    /// Reads an object, calling `member` with each name; `member` must read or skip the value.
    package mutating func readObject(_ member: (inout JSONScanner, Name) throws(Unexpected) -> Void) throws(Unexpected) {
        try readSequence(open: UInt8(ascii: "{"), close: UInt8(ascii: "}")) { scanner throws(Unexpected) in
            let name = try scanner.readRawName()
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            try member(&scanner, name)
        }
    }

    /// Reads an array, calling `element` for each; `element` must read or skip the value.
    package mutating func readArray(_ element: (inout JSONScanner) throws(Unexpected) -> Void) throws(Unexpected) {
        try readSequence(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), element)
    }

    /// `open`, items separated by commas (none is fine, a trailing comma is not), `close`.
    private mutating func readSequence(
        open: UInt8, close: UInt8, _ item: (inout JSONScanner) throws(Unexpected) -> Void
    ) throws(Unexpected) {
        skipWhitespace()
        try expect(open)
        skipWhitespace()
        if peek() == close {
            position += 1
            return
        }
        while true {
            skipWhitespace()
            try item(&self)
            skipWhitespace()
            switch next() {
            case UInt8(ascii: ","): continue
            case close: return
            default: throw Unexpected()
            }
        }
    }

    /// Any value, built whole: what `JSONValue` decodes from provider, theme and settings files, read without
    /// the `Codable` machinery (whose wrong guesses at each value's type throw, and took most of the
    /// registry's load at start-up). A name given twice, or a number a `Double` cannot hold, is unexpected:
    /// `JSONDecoder` decides those.
    package mutating func readValue(depth: Int = 0) throws(Unexpected) -> JSONValue {
        guard depth < Self.maximumDepth else { throw Unexpected() }
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "{"):
            var members: [String: JSONValue] = [:]
            try readObject { scanner, name throws(Unexpected) in
                let key = String(decoding: name.bytes, as: UTF8.self)
                guard members[key] == nil else { throw Unexpected() }
                members[key] = try scanner.readValue(depth: depth + 1)
            }
            return .object(members)
        case UInt8(ascii: "["):
            var items: [JSONValue] = []
            try readArray { scanner throws(Unexpected) in items.append(try scanner.readValue(depth: depth + 1)) }
            return .array(items)
        case UInt8(ascii: "\""):
            return .string(try readString())
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            guard let flag = try readOptionalBool() else { throw Unexpected() }
            return .bool(flag)
        case UInt8(ascii: "n"):
            guard readNull() else { throw Unexpected() }
            return .null
        default:
            let start = position
            try skipNumber()
            let digits = UnsafeBufferPointer(rebasing: bytes[start..<position])
            guard let number = Double(String(decoding: digits, as: UTF8.self)), number.isFinite else { throw Unexpected() }
            // A number too small for a Double reads as 0 here and is refused by JSONDecoder: its call.
            if number == 0, digits.prefix(while: { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }).contains(where: { (0x31...0x39).contains($0) }) {
                throw Unexpected()
            }
            return .number(number)
        }
    }

    /// Consumes `null` when it comes next.
    package mutating func readNull() -> Bool {
        guard position + 4 <= bytes.count, bytes[position] == UInt8(ascii: "n") else { return false }
        guard bytes[position + 1] == UInt8(ascii: "u"), bytes[position + 2] == UInt8(ascii: "l"),
            bytes[position + 3] == UInt8(ascii: "l")
        else { return false }
        position += 4
        return true
    }

    /// A string, or nil for `null`; anything else is unexpected.
    package mutating func readOptionalString() throws(Unexpected) -> String? {
        if readNull() { return nil }
        return try readString()
    }

    package mutating func readString() throws(Unexpected) -> String {
        try expect(UInt8(ascii: "\""))
        let start = position
        // Most strings hold no escape: they are their own bytes.
        if let plain = try readUnescaped() { return String(decoding: plain, as: UTF8.self) }
        var decoded = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: decoded, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try readEscape(into: &decoded)
            case ..<0x20:
                throw Unexpected()
            default:
                decoded.append(byte)
            }
        }
        throw Unexpected()
    }

    /// `true` or `false`, or nil for `null`.
    package mutating func readOptionalBool() throws(Unexpected) -> Bool? {
        switch peek() {
        case UInt8(ascii: "t"):
            try expectWord("true")
            return true
        case UInt8(ascii: "f"):
            try expectWord("false")
            return false
        default:
            guard readNull() else { throw Unexpected() }
            return nil
        }
    }

    /// A whole number, or nil for `null`. Only plain digits are vouched for: a fraction, an exponent or a
    /// number too long to be sure of (`Codable` has its own ideas about `1.0` and `1e2`) is unexpected.
    package mutating func readOptionalInteger() throws(Unexpected) -> Int? {
        if readNull() { return nil }
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        let count = skipDigits()
        guard count > 0, count <= 18, !(count > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else { throw Unexpected() }
        switch peek() {
        case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw Unexpected()
        default: break
        }
        var value = 0
        for index in digitsStart..<position { value = value * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
        return bytes[start] == UInt8(ascii: "-") ? -value : value
    }

    /// Steps over one value of any kind, checking that it is well formed.
    package mutating func skipValue() throws(Unexpected) {
        try skipValue(depth: 0)
    }

    /// Whether only whitespace is left.
    package mutating func isAtEnd() -> Bool {
        skipWhitespace()
        return position == bytes.count
    }

    private mutating func skipValue(depth: Int) throws(Unexpected) {
        guard depth < Self.maximumDepth else { throw Unexpected() }
        switch peek() {
        case UInt8(ascii: "{"):
            try readObject { scanner, _ throws(Unexpected) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try readArray { scanner throws(Unexpected) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "t"):
            try expectWord("true")
        case UInt8(ascii: "f"):
            try expectWord("false")
        case UInt8(ascii: "n"):
            guard readNull() else { throw Unexpected() }
        default:
            try skipNumber()
        }
    }

    private mutating func skipString() throws(Unexpected) {
        try expect(UInt8(ascii: "\""))
        var scratch: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                scratch.removeAll(keepingCapacity: true)
                try readEscape(into: &scratch)
            case ..<0x20: throw Unexpected()
            default: continue
            }
        }
        throw Unexpected()
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func skipNumber() throws(Unexpected) {
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
        } else {
            guard skipDigits() > 0 else { throw Unexpected() }
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard skipDigits() > 0 else { throw Unexpected() }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard skipDigits() > 0 else { throw Unexpected() }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = position
        while let byte = peek(), byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { position += 1 }
        return position - start
    }

    /// After a backslash: appends what the escape stands for, as UTF-8.
    private mutating func readEscape(into decoded: inout [UInt8]) throws(Unexpected) {
        switch next() {
        case UInt8(ascii: "\""): decoded.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): decoded.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): decoded.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): decoded.append(0x08)
        case UInt8(ascii: "f"): decoded.append(0x0C)
        case UInt8(ascii: "n"): decoded.append(0x0A)
        case UInt8(ascii: "r"): decoded.append(0x0D)
        case UInt8(ascii: "t"): decoded.append(0x09)
        case UInt8(ascii: "u"):
            var value = try readHex4()
            if (0xD800...0xDBFF).contains(value) {
                // A high surrogate must be followed by an escaped low one; anything else is left to JSONDecoder.
                guard next() == UInt8(ascii: "\\"), next() == UInt8(ascii: "u") else { throw Unexpected() }
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Unexpected() }
                value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(value) {
                throw Unexpected()
            }
            guard let scalar = Unicode.Scalar(value) else { throw Unexpected() }
            decoded.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw Unexpected()
        }
    }

    private mutating func readHex4() throws(Unexpected) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = next() else { throw Unexpected() }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw Unexpected()
            }
            value = value << 4 | digit
        }
        return value
    }

    private mutating func readRawName() throws(Unexpected) -> Name {
        try expect(UInt8(ascii: "\""))
        guard let plain = try readUnescaped() else { throw Unexpected() }
        return Name(bytes: plain)
    }

    /// After an opening quote, the bytes that stand for themselves: up to the closing quote (consumed; they
    /// are returned) or a backslash (not consumed; nil). An unescaped control character is unexpected.
    private mutating func readUnescaped() throws(Unexpected) -> UnsafeBufferPointer<UInt8>? {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)])
            }
            if byte == UInt8(ascii: "\\") { return nil }
            if byte < 0x20 { throw Unexpected() }
            position += 1
        }
        throw Unexpected()
    }

    private mutating func expectWord(_ word: StaticString) throws(Unexpected) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw Unexpected() }
        for index in 0..<count where bytes[position + index] != word.utf8Start[index] { throw Unexpected() }
        position += count
    }

    private mutating func expect(_ byte: UInt8) throws(Unexpected) {
        guard next() == byte else { throw Unexpected() }
    }

    private func peek() -> UInt8? {
        position < bytes.count ? bytes[position] : nil
    }

    private mutating func next() -> UInt8? {
        guard position < bytes.count else { return nil }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }
}
