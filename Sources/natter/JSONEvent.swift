import Foundation
import NatterProviders
import NatterSession

/// `--json` output: one object per line, each with a "type", for scripts and other programs.
enum JSONEvent {
    /// Every event's "type", in the order a reply meets them: `--help` lists them from here, so it cannot drift.
    enum Kind: String, CaseIterable {
        case start, text, reasoning, toolCall = "tool_call", toolResult = "tool_result", usage, cost, compaction, retrying
        case finished, cancelled, error

        static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
    }

    static func start(provider: String, model: String, session: String?) -> String {
        var object: [String: Field] = ["type": .string(Kind.start.rawValue), "provider": .string(provider), "model": .string(model)]
        if let session { object["session"] = .string(session) }
        return JSONLine.encode(object)
    }

    static func text(_ text: String) -> String { JSONLine.encode(["type": Field.string(Kind.text.rawValue), "text": .string(text)]) }

    static func reasoning(_ text: String) -> String {
        JSONLine.encode(["type": Field.string(Kind.reasoning.rawValue), "text": .string(text)])
    }

    /// A call the model asked for, whole, once its reply is in.
    static func toolCall(_ call: ToolCall) -> String {
        var object: [String: Field] = [
            "type": .string(Kind.toolCall.rawValue), "id": .string(call.id), "name": .string(call.name), "arguments": .string(call.arguments),
        ]
        if let server = call.server { object["server"] = .string(server) }
        return JSONLine.encode(object)
    }

    static func toolResult(_ result: ToolResult) -> String {
        JSONLine.encode([
            "type": Field.string(Kind.toolResult.rawValue), "id": .string(result.callID), "content": .string(result.content),
            "is_error": .bool(result.isError),
        ])
    }

    static func usage(_ usage: Usage) -> String {
        var object: [String: Field] = ["type": .string(Kind.usage.rawValue)]
        if let input = usage.inputTokens { object["input_tokens"] = .int(input) }
        if let output = usage.outputTokens { object["output_tokens"] = .int(output) }
        // Of the input: read from and written to the provider's prompt cache.
        if let read = usage.cacheReadTokens { object["cache_read"] = .int(read) }
        if let written = usage.cacheWriteTokens { object["cache_write"] = .int(written) }
        return JSONLine.encode(object)
    }

    /// What the reply cost in US dollars, from its model's price; written only when the price is known.
    static func cost(_ dollars: Double) -> String {
        JSONLine.encode(["type": Field.string(Kind.cost.rawValue), "cost": .number((dollars * 1e8).rounded() / 1e8)])
    }

    static func compacted(_ compaction: Compaction) -> String {
        JSONLine.encode([
            "type": Field.string(Kind.compaction.rawValue), "id": .string(compaction.id), "messages": .int(compaction.messageCount),
            "summary": .string(compaction.summary),
        ])
    }

    static func retrying(_ notice: RetryNotice) -> String {
        JSONLine.encode([
            "type": Field.string(Kind.retrying.rawValue), "attempt": .int(notice.attempt), "max_retries": .int(notice.maxRetries),
            "delay_ms": .int(Int((notice.delay.inSeconds * 1000).rounded())), "reason": .string(notice.reason),
        ])
    }

    static func finished(_ reason: FinishReason) -> String {
        JSONLine.encode(["type": Field.string(Kind.finished.rawValue), "reason": .string(reason.rawValue)])
    }

    static func cancelled() -> String { JSONLine.encode(["type": Field.string(Kind.cancelled.rawValue)]) }

    static func error(kind: ProviderError.Kind, message: String, status: Int? = nil) -> String {
        var object: [String: Field] = ["type": .string(Kind.error.rawValue), "kind": .string(kind.rawValue), "message": .string(message)]
        if let status { object["status"] = .int(status) }
        return JSONLine.encode(object)
    }

    enum Field: Encodable {
        case string(String)
        case int(Int)
        case number(Double)
        case bool(Bool)

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .int(let number): try container.encode(number)
            case .number(let number): try container.encode(number)
            case .bool(let flag): try container.encode(flag)
            }
        }
    }
}
