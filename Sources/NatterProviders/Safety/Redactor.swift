/// Replaces every secret natter holds — provider keys, OAuth tokens, an MCP server's header and env values —
/// in every form it takes on the wire (`SecretForms`), in any text that is about to leave natter: an error on the
/// screen or stderr, a tool result on its way to a model and a transcript, a server's status.
public struct Redactor: Sendable {
    public static let mark = "[redacted]"
    private let forms: [String]

    public init(secrets: [String]) {
        forms = SecretForms.variants(of: secrets.filter { !$0.isEmpty })
    }

    public var isEmpty: Bool { forms.isEmpty }

    public func callAsFunction(_ text: String) -> String {
        var text = text
        for form in forms where text.contains(form) {
            text = text.replacingOccurrences(of: form, with: Self.mark)
        }
        // A long text was cut short (with "…") when it was made, possibly in the middle of a secret: the start of
        // the secret left before the cut is as much a leak as the whole of it.
        guard text.hasSuffix("…") else { return text }
        let shown = text.dropLast()
        for form in forms {
            for length in stride(from: min(form.count - 1, shown.count), through: SecretForms.shortest, by: -1)
            where shown.hasSuffix(form.prefix(length)) {
                return shown.dropLast(length) + Self.mark + "…"
            }
        }
        return text
    }
}
