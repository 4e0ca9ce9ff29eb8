/// What a piece of text means on screen; the theme turns roles into colours.
public enum ColorRole: String, Sendable, Hashable, CaseIterable, Codable {
    case background, foreground, muted, accent, border, user, assistant, reasoning, error, warning, success
    case selection, heading, code, codeBackground, link, quote
    /// Code in a fenced block, coloured by its language (SPEC 10).
    case syntaxKeyword, syntaxString, syntaxComment, syntaxNumber, syntaxType

    /// A theme file written before the syntax roles shows code in its `code` colour.
    var fallback: ColorRole? {
        switch self {
        case .syntaxKeyword, .syntaxString, .syntaxComment, .syntaxNumber, .syntaxType: return .code
        default: return nil
        }
    }
}

public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let italic = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let dim = TextAttributes(rawValue: 1 << 3)
    public static let reverse = TextAttributes(rawValue: 1 << 4)
}

public struct Style: Sendable, Hashable {
    public var foreground: ColorRole
    public var background: ColorRole
    public var attributes: TextAttributes

    public init(_ foreground: ColorRole = .foreground, background: ColorRole = .background, _ attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()

    public func with(_ more: TextAttributes) -> Style {
        Style(foreground, background: background, attributes.union(more))
    }

    public func on(_ background: ColorRole) -> Style {
        Style(foreground, background: background, attributes)
    }
}

/// Text with one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var style: Style

    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// One line of styled text, before or after wrapping.
public typealias StyledLine = [Span]
