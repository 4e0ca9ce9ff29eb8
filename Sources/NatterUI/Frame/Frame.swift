/// What the screen should show: a grid of cells, each a grapheme and a style. Views draw into a Frame; only the
/// Terminal turns it into curses calls, and tests read it like the screen it stands for.
public struct Frame: Sendable, Equatable {
    public struct Cell: Sendable, Hashable {
        public var grapheme: Grapheme
        public var style: Style

        public init(grapheme: Grapheme, style: Style) {
            self.grapheme = grapheme
            self.style = style
        }

        public init(text: String, style: Style) {
            self.init(grapheme: Grapheme(text), style: style)
        }

        /// The whole grapheme cluster; "" for the right half of a wide character.
        public var text: String { grapheme.text }

        public static let blank = Cell(grapheme: .space, style: .plain)
        /// A cell no view writes (a NUL): where the terminal's cell is not known, whatever a frame has there is drawn.
        static let unknown = Cell(grapheme: Grapheme(ascii: 0), style: .plain)
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor goes (the input caret); nil hides it.
    public var cursor: (x: Int, y: Int)?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (lhs: Frame, rhs: Frame) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.cells == rhs.cells
            && lhs.cursor?.x == rhs.cursor?.x && lhs.cursor?.y == rhs.cursor?.y
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Row `y`'s cells, all of them at once.
    mutating func replaceRow(_ y: Int, with row: ArraySlice<Cell>) {
        cells.replaceSubrange((y * width)..<((y + 1) * width), with: row)
    }

    /// Fills a rectangle with blanks of a style.
    public mutating func fill(_ area: Rect, style: Style) {
        let clipped = area.intersection(Rect(x: 0, y: 0, width: width, height: height))
        guard !clipped.isEmpty else { return }
        for y in clipped.y..<clipped.maxY {
            for x in clipped.x..<clipped.maxX { self[x, y] = Cell(grapheme: .space, style: style) }
        }
    }

    /// Writes text from (x, y) and stops at `maxX`; returns the column after the last cell written. A wide
    /// character that would straddle the edge is left out rather than split. Text must already be free of
    /// control characters (see `TerminalText`).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style, maxX: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(maxX ?? width, width)
        if let column = putSimple(text, x: x, y: y, style: style, limit: limit) { return column }
        var column = x
        for character in text {
            let cellWidth = DisplayWidth.of(character)
            if cellWidth == 0 {
                continue
            }
            if column + cellWidth > limit { break }
            if column >= 0 {
                self[column, y] = Cell(grapheme: Grapheme(character), style: style)
                if cellWidth == 2 { self[column + 1, y] = Cell(grapheme: .empty, style: style) }
            }
            column += cellWidth
        }
        return column
    }

    /// Nearly all text is printable ASCII or one of the one-cell symbols the screen is drawn with (rules, `·`, `…`,
    /// `›`, box corners): each of those is a character of one cell whatever stands next to it, so neither grapheme
    /// breaking nor width tables are needed. Nil, having written nothing, when the text holds anything else (what
    /// follows a character can change it: an accent, a keycap's selector).
    private mutating func putSimple(_ text: String, x: Int, y: Int, style: Style, limit: Int) -> Int? {
        let written = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
            var index = 0
            while index < bytes.count {
                if bytes[index] >= 0x20, bytes[index] < 0x7F {
                    index += 1
                } else if let length = Self.simpleSymbol(in: bytes, at: index) {
                    index += length
                } else {
                    return nil
                }
            }
            var column = x
            index = 0
            while index < bytes.count, column < limit {
                let lead = bytes[index]
                let grapheme: Grapheme
                if lead < 0x80 {
                    grapheme = Grapheme(ascii: lead)
                    index += 1
                } else if lead < 0xE0 {
                    grapheme = Grapheme(utf8: lead, bytes[index + 1])
                    index += 2
                } else {
                    grapheme = Grapheme(utf8: lead, bytes[index + 1], bytes[index + 2])
                    index += 3
                }
                if column >= 0 { cells[y * width + column] = Cell(grapheme: grapheme, style: style) }
                column += 1
            }
            return column
        }
        return written ?? nil
    }

    /// The length in bytes of the one-cell symbol whose UTF-8 starts at `index`, or nil when none does.
    private static func simpleSymbol(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        if lead >= 0xC2, lead < 0xE0, index + 1 < bytes.count {
            let scalar = UInt32(lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
            return standsAloneInOneCell(scalar) ? 2 : nil
        }
        if lead >= 0xE0, lead < 0xF0, index + 2 < bytes.count {
            let scalar = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            return standsAloneInOneCell(scalar) ? 3 : nil
        }
        return nil
    }

    /// Characters one cell wide that never join a neighbour into one grapheme cluster (no marks, joiners,
    /// selectors, prepended or emoji-presentation characters among them): Latin-1's letters and signs, general
    /// punctuation, arrows, box drawing, blocks and geometric shapes. `FrameTests` checks every one of them
    /// against `DisplayWidth` and grapheme breaking.
    static func standsAloneInOneCell(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0xA1...0xAC, 0xAE...0xFF, 0x2010...0x2027, 0x2030...0x205E, 0x2190...0x21FF, 0x2500...0x25FC: true
        default: false
        }
    }

    /// `put`, ending with "…" when the text does not fit before `maxX`: a cut line says it was cut.
    @discardableResult
    public mutating func putFitting(_ text: String, x: Int, y: Int, style: Style, maxX: Int? = nil) -> Int {
        let limit = min(maxX ?? width, width)
        guard x + DisplayWidth.of(text) > limit, limit - x >= 2 else { return put(text, x: x, y: y, style: style, maxX: limit) }
        let column = put(text, x: x, y: y, style: style, maxX: limit - 1)
        return put("…", x: column, y: y, style: style, maxX: limit)
    }

    @discardableResult
    public mutating func put(_ line: StyledLine, x: Int, y: Int, maxX: Int? = nil) -> Int {
        var column = x
        for span in line { column = put(span.text, x: column, y: y, style: span.style, maxX: maxX) }
        return column
    }

    /// The text of one row, wide characters once, trailing blanks trimmed: what a test compares.
    public func text(row y: Int) -> String {
        var line = ""
        for x in 0..<width { line += self[x, y].text }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }

    /// Every row's text.
    public var lines: [String] { (0..<height).map { text(row: $0) } }
}

/// A rectangle of cells.
public struct Rect: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }
}
