import Foundation
import NatterProviders

/// JSON lines for transcript records. Hand-mapped rather than synthesized so the file format is visible in
/// one place and independent of Swift property names.
enum TranscriptCoding {
    private struct Line: Codable {
        var type: String
        var id: String?
        var created: Date?
        var version: Int?
        var role: Role?
        var content: String?
        var reasoning: String?
        var provider: String?
        var model: String?
        var ts: Date?
        var usage: UsageLine?
        var finish: MessageFinish?
        var error: String?
        var title: String?
    }

    private struct UsageLine: Codable {
        var input_tokens: Int?
        var output_tokens: Int?
    }

    static func encode(_ record: TranscriptRecord) throws -> Data {
        var line: Line
        switch record {
        case .session(let header):
            line = Line(type: "session", id: header.id, created: header.created, version: header.version)
        case .message(let message):
            line = Line(
                type: "message", role: message.role, content: message.content, reasoning: message.reasoning,
                provider: message.provider, model: message.model, ts: message.timestamp,
                usage: message.usage.map { UsageLine(input_tokens: $0.inputTokens, output_tokens: $0.outputTokens) },
                finish: message.finish, error: message.error)
        case .switchModel(let provider, let model, let at):
            line = Line(type: "switch", provider: provider, model: model, ts: at)
        case .title(let title):
            line = Line(type: "title", title: title)
        case .partial(let progress):
            line = Line(
                type: "partial", content: progress.text, reasoning: progress.reasoning.isEmpty ? nil : progress.reasoning,
                provider: progress.provider, model: progress.model, ts: progress.timestamp)
        }
        var data = try encoder.encode(line)
        data.append(0x0A)
        return data
    }

    /// nil for a line of a type this version does not know, or one missing what its type needs.
    static func decode(_ data: some DataProtocol) throws -> TranscriptRecord? {
        let line = try decoder.decode(Line.self, from: Data(data))
        switch line.type {
        case "session":
            guard let id = line.id else { return nil }
            return .session(
                SessionHeader(id: id, created: line.created ?? Date(timeIntervalSince1970: 0), version: line.version ?? 1))
        case "message":
            guard let role = line.role else { return nil }
            return .message(
                StoredMessage(
                    role: role, content: line.content ?? "", reasoning: line.reasoning, provider: line.provider,
                    model: line.model, timestamp: line.ts ?? Date(timeIntervalSince1970: 0),
                    usage: line.usage.map { Usage(inputTokens: $0.input_tokens, outputTokens: $0.output_tokens) },
                    finish: line.finish, error: line.error))
        case "switch":
            guard let provider = line.provider, let model = line.model else { return nil }
            return .switchModel(provider: provider, model: model, at: line.ts ?? Date(timeIntervalSince1970: 0))
        case "title":
            return line.title.map { .title($0) }
        case "partial":
            return .partial(
                ReplyProgress(
                    text: line.content ?? "", reasoning: line.reasoning ?? "", provider: line.provider, model: line.model,
                    timestamp: line.ts ?? Date(timeIntervalSince1970: 0)))
        default:
            return nil
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
