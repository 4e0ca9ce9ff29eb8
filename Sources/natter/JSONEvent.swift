import Foundation
import NatterProviders

/// `--json` output: one object per line, each with a "type", for scripts and other programs.
enum JSONEvent {
    static func start(provider: String, model: String) -> String {
        encode(["type": .string("start"), "provider": .string(provider), "model": .string(model)])
    }

    static func cancelled() -> String { encode(["type": .string("cancelled")]) }

    static func error(_ error: ProviderError) -> String {
        var object: [String: Field] = [
            "type": .string("error"), "kind": .string(error.kind.rawValue), "message": .string(error.message),
        ]
        if let status = error.status { object["status"] = .int(status) }
        return encode(object)
    }

    static func encode(_ chunk: StreamChunk) -> String {
        switch chunk {
        case .text(let text):
            return encode(["type": .string("text"), "text": .string(text)])
        case .reasoning(let text):
            return encode(["type": .string("reasoning"), "text": .string(text)])
        case .toolCall(let call):
            var object: [String: Field] = [
                "type": .string("tool_call"), "index": .int(call.index), "arguments": .string(call.argumentsFragment),
            ]
            if let id = call.id { object["id"] = .string(id) }
            if let name = call.name { object["name"] = .string(name) }
            return encode(object)
        case .usage(let usage):
            var object: [String: Field] = ["type": .string("usage")]
            if let input = usage.inputTokens { object["input_tokens"] = .int(input) }
            if let output = usage.outputTokens { object["output_tokens"] = .int(output) }
            return encode(object)
        case .retrying(let notice):
            let milliseconds = (notice.delay.inSeconds * 1000).rounded()
            return encode([
                "type": .string("retrying"), "attempt": .int(notice.attempt), "max_retries": .int(notice.maxRetries),
                "delay_ms": .int(Int(milliseconds)), "reason": .string(notice.reason),
            ])
        case .finished(let reason):
            return encode(["type": .string("finished"), "reason": .string(reason.rawValue)])
        }
    }

    enum Field: Encodable {
        case string(String)
        case int(Int)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .int(let number): try container.encode(number)
            }
        }
    }

    private static func encode(_ object: [String: Field]) -> String { JSONLine.encode(object) }
}
