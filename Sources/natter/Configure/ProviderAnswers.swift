import Foundation
import NatterProviders

/// Checks for the answers that describe a provider, each giving the reason a person needs to fix a refused
/// answer. They match what `ProviderFileParser` accepts, so a file `natter configure` writes always loads.
enum ProviderAnswers {
    /// The name is also the file's name, `<config>/providers/NAME.json`.
    static func name(_ answer: String) -> Result<String, AnswerRefusal> {
        if answer.isEmpty { return .failure(AnswerRefusal("a name is needed, such as my-server")) }
        guard answer.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            return .failure(AnswerRefusal("a name may hold only letters, digits, '-', '_' and '.' (it is also the file's name)"))
        }
        // natter skips files whose names start with a dot, as hidden.
        if answer.hasPrefix(".") { return .failure(AnswerRefusal("a name must not start with '.'")) }
        if answer.count > 64 { return .failure(AnswerRefusal("a name may be at most 64 characters long")) }
        return .success(answer)
    }

    static func engine(_ answer: String) -> Result<Engine, AnswerRefusal> {
        guard let engine = Engine(rawValue: answer.lowercased()) else {
            return .failure(AnswerRefusal("unknown engine: expected openai, anthropic or ollama (the style of API the server speaks)"))
        }
        return .success(engine)
    }

    /// An http(s) URL with a host; or a template such as `${GPU_BOX_HOST:-http://gpu-box:11434}`, which can only
    /// be checked when it is expanded at request time.
    static func host(_ answer: String) -> Result<String, AnswerRefusal> {
        let example = "such as https://api.example.com/v1 or http://localhost:8080/v1"
        if answer.isEmpty { return .failure(AnswerRefusal("a host is needed, \(example)")) }
        if !EnvironmentTemplate.references(in: answer).isEmpty { return .success(answer) }
        guard !answer.contains(where: \.isWhitespace), let url = URLComponents(string: answer),
            let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = url.host, !host.isEmpty
        else {
            return .failure(AnswerRefusal("not a URL: expected one starting with http:// or https://, \(example)"))
        }
        return .success(answer)
    }

    /// A URL an OAuth flow is sent to; the same rules as a host.
    static func url(_ answer: String) -> Result<String, AnswerRefusal> {
        host(answer)
    }

    /// A header or query parameter name: a token, no spaces or separators.
    static func parameterName(_ answer: String) -> Result<String, AnswerRefusal> {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.!#$%&'*+^`|~"))
        guard !answer.isEmpty, answer.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
            return .failure(AnswerRefusal("expected a name of letters, digits and '-' or '_', such as Authorization"))
        }
        return .success(answer)
    }

    /// A default host that works out of the box where one exists.
    static func defaultHost(for engine: Engine) -> String? {
        switch engine {
        case .openai: return nil
        case .anthropic: return "https://api.anthropic.com"
        case .ollama: return "http://localhost:11434"
        }
    }
}
