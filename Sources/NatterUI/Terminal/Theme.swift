/// Colours for each role. A value is the terminal's own colour (`default`), an index of the 256-colour
/// palette, or an RGB hex that the terminal shows as the nearest palette colour.
public struct Theme: Sendable, Hashable {
    public enum Color: Sendable, Hashable {
        case terminalDefault
        case index(Int)
        case rgb(UInt8, UInt8, UInt8)
    }

    public var name: String
    public var colors: [ColorRole: Color]

    public init(name: String, colors: [ColorRole: Color]) {
        self.name = name
        self.colors = colors
    }

    public func color(_ role: ColorRole) -> Color { colors[role] ?? role.fallback.flatMap { colors[$0] } ?? .terminalDefault }

    /// The built-in dark theme, used until a theme file is chosen; its colours sit on the terminal's own
    /// background so natter looks at home in any terminal.
    public static let dark = Theme(
        name: "dark",
        colors: [
            .background: .terminalDefault, .foreground: .terminalDefault, .muted: .index(244), .accent: .index(75),
            .border: .index(240), .user: .index(114), .assistant: .index(75), .reasoning: .index(245),
            .error: .index(203), .warning: .index(214), .success: .index(114), .selection: .index(236),
            .heading: .index(180), .code: .index(223), .codeBackground: .index(235), .link: .index(75),
            .quote: .index(246), .syntaxKeyword: .index(176), .syntaxString: .index(150), .syntaxComment: .index(244),
            .syntaxNumber: .index(215), .syntaxType: .index(80),
        ])

    /// Nearest xterm 256-colour index for an RGB colour: the 6×6×6 cube or the grey ramp, whichever is closer.
    public static func nearestIndex(_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> Int {
        let levels = [0, 95, 135, 175, 215, 255]
        func nearestLevel(_ value: UInt8) -> Int {
            levels.indices.min { abs(levels[$0] - Int(value)) < abs(levels[$1] - Int(value)) }!
        }
        let (r, g, b) = (nearestLevel(red), nearestLevel(green), nearestLevel(blue))
        let cube = 16 + 36 * r + 6 * g + b
        let cubeDistance = distance((levels[r], levels[g], levels[b]), (Int(red), Int(green), Int(blue)))
        let average = (Int(red) + Int(green) + Int(blue)) / 3
        let greyStep = min(23, max(0, (average - 8 + 5) / 10))
        let greyLevel = 8 + greyStep * 10
        let greyDistance = distance((greyLevel, greyLevel, greyLevel), (Int(red), Int(green), Int(blue)))
        return greyDistance < cubeDistance ? 232 + greyStep : cube
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0
        let dg = a.1 - b.1
        let db = a.2 - b.2
        return dr * dr + dg * dg + db * db
    }
}
