/// The `error` object OpenAI and Anthropic put in error responses and inside streams. `code` may be a
/// string or a number depending on the server, so it is kept loosely typed.
struct APIErrorBody: Decodable, Equatable {
    let message: String?
    let type: String?
    let code: JSONValue?

    func providerError(status: Int? = nil) -> ProviderError {
        var codeText: String?
        switch code {
        case .string(let text)?: codeText = text
        case .number(let number)?: codeText = String(Int(number))
        default: codeText = nil
        }
        let text = message ?? type ?? codeText ?? "the provider reported an error"
        let kind = ErrorClassifier.kind(status: status, type: type, code: codeText, message: text)
        return ProviderError(kind, text, status: status)
    }
}
