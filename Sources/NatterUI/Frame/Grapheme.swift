/// The grapheme cluster in one cell, held inline as up to 16 bytes of UTF-8 instead of as a `String`. A frame
/// is thousands of cells rebuilt at every refresh while a reply streams; with a `String` per cell, copying,
/// comparing and freeing frames cost a retain, a release and a string comparison per cell, and showed in the
/// streaming profile. This is plain data: frames copy, compare and free as raw memory.
///
/// Any single Unicode scalar fits, and so does nearly every cluster. A longer one (a ZWJ family of five
/// people) keeps the whole scalars that fit: the terminal draws only a cluster's base and marks anyway
/// (`CursesTerminal.drawable`), and layout measures the whole cluster before it reaches a cell.
public struct Grapheme: Sendable, Hashable {
    private var bytes: (UInt64, UInt64) = (0, 0)
    /// How many of `bytes` hold UTF-8; 0 for the right half of a wide character.
    public private(set) var count: UInt8 = 0

    /// The right half of a wide character: nothing is drawn there.
    public static let empty = Grapheme()
    public static let space = Grapheme(ascii: UInt8(ascii: " "))

    private init() {}

    /// One ASCII character.
    init(ascii byte: UInt8) {
        withUnsafeMutableBytes(of: &bytes) { $0[0] = byte }
        count = 1
    }

    /// A character of two or three bytes of UTF-8, given as its bytes.
    init(utf8 first: UInt8, _ second: UInt8, _ third: UInt8? = nil) {
        withUnsafeMutableBytes(of: &bytes) {
            $0[0] = first
            $0[1] = second
            if let third { $0[2] = third }
        }
        count = third == nil ? 2 : 3
    }

    public init(_ text: some StringProtocol) {
        withUnsafeMutableBytes(of: &bytes) { storage in
            var length = 0
            for scalar in text.unicodeScalars {
                let encoded = UTF8.encode(scalar)!
                guard length + encoded.count <= storage.count else { break }
                for byte in encoded {
                    storage[length] = byte
                    length += 1
                }
            }
            count = UInt8(length)
        }
    }

    public init(_ character: Character) {
        self.init(String(character))
    }

    public var isEmpty: Bool { count == 0 }

    /// The character when it is a single ASCII byte, which is nearly always.
    public var ascii: UInt8? {
        guard count == 1 else { return nil }
        return withUnsafeBytes(of: bytes) { $0[0] < 0x80 ? $0[0] : nil }
    }

    public var text: String {
        withUnsafeBytes(of: bytes) { String(decoding: $0.prefix(Int(count)), as: UTF8.self) }
    }

    public static func == (lhs: Grapheme, rhs: Grapheme) -> Bool {
        lhs.bytes.0 == rhs.bytes.0 && lhs.bytes.1 == rhs.bytes.1 && lhs.count == rhs.count
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.0)
        hasher.combine(bytes.1)
        hasher.combine(count)
    }
}
