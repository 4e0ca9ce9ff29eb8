import Foundation
import NatterProviders

/// JSON lines for transcript records. Hand-mapped rather than synthesized so the file format is visible in
/// one place and independent of Swift property names.
enum TranscriptCoding {
    struct Line: Codable {
        var type: String
        var id: String?
        var parent: String?
        var created: Date?
        var version: Int?
        var role: Role?
        var parts: [PartLine]?
        /// Format 1's text, and the text of a `partial` record.
        var content: String?
        var reasoning: String?
        var provider: String?
        var model: String?
        var ts: Date?
        var usage: UsageLine?
        var finish: MessageFinish?
        var error: String?
        var title: String?
        /// A `params` record's parameters, natter's own names and a provider's own keys side by side.
        var params: JSONValue?
        /// A `compaction` record's last covered message and how many messages it covers.
        var through: String?
        var count: Int?
        /// A `pin` or `archive` record: set or cleared.
        var on: Bool?
    }

    /// One part: `type` says which of the other fields it uses (SPEC 6).
    struct PartLine: Codable {
        enum CodingKeys: String, CodingKey { case type, text, id, name, server, arguments, call_id, content, is_error, media_type, sha256, bytes }

        init(from decoder: any Decoder) throws { self = try TranscriptCoding.decodePart(decoder) }

        init(
            type: String, text: String? = nil, id: String? = nil, name: String? = nil, server: String? = nil, arguments: String? = nil,
            call_id: String? = nil, content: String? = nil, is_error: Bool? = nil, media_type: String? = nil, sha256: String? = nil,
            bytes: ByteCount? = nil
        ) {
            self.type = type
            self.text = text
            self.id = id
            self.name = name
            self.server = server
            self.arguments = arguments
            self.call_id = call_id
            self.content = content
            self.is_error = is_error
            self.media_type = media_type
            self.sha256 = sha256
            self.bytes = bytes
        }

        var type: String
        var text: String?
        var id: String?
        var name: String?
        var server: String?
        var arguments: String?
        var call_id: String?
        var content: String?
        var is_error: Bool?
        var media_type: String?
        var sha256: String?
        var bytes: ByteCount?
    }

    /// Decoded by `type` first and then only the fields that type uses: a 100,000-message session spent
    /// most of its opening time asking the decoder for keys a text part never has.
    private static func decodePart(_ decoder: any Decoder) throws -> PartLine {
        let container = try decoder.container(keyedBy: PartLine.CodingKeys.self)
        var part = PartLine(type: try container.decode(String.self, forKey: .type))
        switch part.type {
        case "text", "reasoning":
            part.text = try container.decodeIfPresent(String.self, forKey: .text)
        case "attachment":
            part.name = try container.decodeIfPresent(String.self, forKey: .name)
            part.media_type = try container.decodeIfPresent(String.self, forKey: .media_type)
            part.sha256 = try container.decodeIfPresent(String.self, forKey: .sha256)
            part.bytes = try container.decodeIfPresent(ByteCount.self, forKey: .bytes)
        case "tool_call":
            part.id = try container.decodeIfPresent(String.self, forKey: .id)
            part.name = try container.decodeIfPresent(String.self, forKey: .name)
            part.server = try container.decodeIfPresent(String.self, forKey: .server)
            part.arguments = try container.decodeIfPresent(String.self, forKey: .arguments)
        case "tool_result":
            part.call_id = try container.decodeIfPresent(String.self, forKey: .call_id)
            part.content = try container.decodeIfPresent(String.self, forKey: .content)
            part.is_error = try container.decodeIfPresent(Bool.self, forKey: .is_error)
        default:
            break  // a kind of part this version does not know: skipped by `part(_:)`
        }
        return part
    }

    /// A size read from a file anything could have written: a negative, fractional or absurd one is no size.
    struct ByteCount: Codable {
        var value: Int?
        init(_ value: Int) { self.value = value }
        init(from decoder: any Decoder) throws {
            value = ExternalNumber.tokenCount(try? decoder.singleValueContainer().decode(Double.self))
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value ?? 0)
        }
    }

    struct UsageLine: Codable {
        var input_tokens: Int?
        var output_tokens: Int?
        /// Of the input, read from and written to the provider's prompt cache (SPEC 11).
        var cache_read: Int?
        var cache_write: Int?
        /// US dollars, from the model's price when the reply ended.
        var cost: Dollars?
        /// The cost priced cached tokens as input, for want of a cache price.
        var cost_estimated: Bool?

        init(_ usage: Usage) {
            input_tokens = usage.inputTokens
            output_tokens = usage.outputTokens
            cache_read = usage.cacheReadTokens
            cache_write = usage.cacheWriteTokens
            cost = usage.cost.map(Dollars.init)
            cost_estimated = usage.costIsEstimate ? true : nil
        }

        init() {}

        var usage: Usage {
            Usage(
                inputTokens: input_tokens, outputTokens: output_tokens, cacheReadTokens: cache_read, cacheWriteTokens: cache_write,
                cost: cost?.value, costIsEstimate: cost_estimated ?? false)
        }
    }

    /// An amount read from a file anything could have written: anything but a sane number is no amount.
    struct Dollars: Codable {
        var value: Double?
        init(_ value: Double) { self.value = ExternalNumber.dollars(value) }
        init(from decoder: any Decoder) throws {
            value = ExternalNumber.dollars(try? decoder.singleValueContainer().decode(Double.self))
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(value ?? 0)
        }
    }

    /// Parameters as a `params` record writes them: what `ModelParameters.set(_:json:)` reads back.
    static func json(_ parameters: ModelParameters) -> JSONValue {
        var object = parameters.extra
        if let temperature = parameters.temperature { object["temperature"] = .number(temperature) }
        if let topP = parameters.topP { object["top_p"] = .number(topP) }
        if let maxTokens = parameters.maxTokens { object["max_tokens"] = .number(Double(maxTokens)) }
        if let seed = parameters.seed { object["seed"] = .number(Double(seed)) }
        switch parameters.reasoning {
        case .effort(let effort)?: object["reasoning"] = .string(effort.rawValue)
        case .budget(let budget)?: object["reasoning"] = .number(Double(budget))
        case .off?: object["reasoning"] = .string("off")
        case nil: break
        }
        return .object(object)
    }

    static func encode(_ record: TranscriptRecord) throws -> Data {
        var line: Line
        switch record {
        case .session(let header):
            line = Line(type: "session", id: header.id, created: header.created, version: header.version)
        case .message(let message):
            line = Line(
                type: "message", id: message.id, parent: message.parent, role: message.role, parts: message.parts.map(partLine),
                provider: message.origin?.provider, model: message.origin?.model, ts: message.created,
                usage: message.usage.map(UsageLine.init),
                finish: message.finish, error: message.error)
        case .switchModel(let provider, let model, let at):
            line = Line(type: "switch", provider: provider, model: model, ts: at)
        case .title(let title, let maker):
            line = Line(
                type: "title", provider: maker?.origin.provider, model: maker?.origin.model, usage: maker?.usage.map(UsageLine.init), title: title)
        case .active(let id):
            line = Line(type: "active", id: id)
        case .params(let parameters):
            line = Line(type: "params", params: json(parameters))
        case .systemPrompt(let prompt):
            line = Line(type: "system", content: prompt)
        case .compaction(let compaction):
            line = Line(
                type: "compaction", id: compaction.id, content: compaction.summary, provider: compaction.origin?.provider,
                model: compaction.origin?.model, ts: compaction.created, usage: compaction.usage.map(UsageLine.init),
                through: compaction.through, count: compaction.messageCount)
        case .uncompact(let id):
            line = Line(type: "uncompact", id: id)
        case .pinned(let on):
            line = Line(type: "pin", on: on)
        case .archived(let on):
            line = Line(type: "archive", on: on)
        case .partial(let progress):
            line = Line(
                type: "partial", id: progress.id.isEmpty ? nil : progress.id, parent: progress.parent, content: progress.text,
                reasoning: progress.reasoning.isEmpty ? nil : progress.reasoning, provider: progress.origin?.provider,
                model: progress.origin?.model, ts: progress.timestamp)
        }
        var data = try encoder.encode(line)
        data.append(0x0A)
        return data
    }

    /// nil for a line of a type this version does not know, or one missing what its type needs. A message of
    /// format 1 comes back with an empty id (and no parent): the reader gives it both from its place.
    static func decode(_ data: some DataProtocol) throws -> TranscriptRecord? {
        // Most lines are read by `Line.scanned` without Codable; one it cannot vouch for goes to JSONDecoder.
        let scanned = data.withContiguousStorageIfAvailable { Line.scanned(UnsafeRawBufferPointer($0)) } ?? nil
        return record(from: try scanned ?? decoder.decode(Line.self, from: Data(data)))
    }

    /// The same without the scanner: what the scanner is tested against.
    static func decodeWithJSONDecoder(_ data: some DataProtocol) throws -> TranscriptRecord? {
        record(from: try decoder.decode(Line.self, from: Data(data)))
    }

    /// The record a line holds; nil for a type this version does not know, or one missing what it needs.
    private static func record(from line: Line) -> TranscriptRecord? {
        switch line.type {
        case "session":
            guard let id = line.id else { return nil }
            return .session(
                SessionHeader(id: id, created: line.created ?? Date(timeIntervalSince1970: 0), version: line.version ?? 1))
        case "message":
            guard let role = line.role else { return nil }
            let parts: [Part]
            if let written = line.parts {
                parts = written.compactMap(part)
            } else {
                // Format 1: one text, and reasoning beside it.
                parts = [line.reasoning.flatMap { $0.isEmpty ? nil : Part.reasoning($0) }, Part.text(line.content ?? "")].compactMap { $0 }
            }
            return .message(
                Message(
                    id: line.id ?? "", parent: line.parent, role: role, parts: parts, origin: origin(line),
                    usage: line.usage?.usage,
                    finish: line.finish, error: line.error, created: line.ts ?? Date(timeIntervalSince1970: 0)))
        case "switch":
            guard let provider = line.provider, let model = line.model else { return nil }
            return .switchModel(provider: provider, model: model, at: line.ts ?? Date(timeIntervalSince1970: 0))
        case "title":
            return line.title.map { .title($0, madeBy: origin(line).map { TitleMaker(origin: $0, usage: line.usage?.usage) }) }
        case "active":
            return line.id.map { .active($0) }
        case "system":
            return .systemPrompt(line.content.flatMap { $0.isEmpty ? nil : $0 })
        case "compaction":
            guard let id = line.id, let through = line.through, let summary = line.content, !summary.isEmpty else { return nil }
            return .compaction(
                Compaction(
                    id: id, through: through, messageCount: ExternalNumber.tokenCount(line.count) ?? 0, summary: summary,
                    origin: origin(line), usage: line.usage?.usage, created: line.ts ?? Date(timeIntervalSince1970: 0)))
        case "uncompact":
            return line.id.map { .uncompact($0) }
        case "pin":
            return line.on.map { .pinned($0) }
        case "archive":
            return line.on.map { .archived($0) }
        case "params":
            guard case .object(let values)? = line.params else { return nil }
            var parameters = ModelParameters()
            // A value this version cannot read is left out rather than losing the rest.
            for (key, value) in values.sorted(by: { $0.key < $1.key }) { try? parameters.set(key, json: value) }
            return .params(parameters)
        case "partial":
            return .partial(
                ReplyProgress(
                    id: line.id ?? "", parent: line.parent, text: line.content ?? "", reasoning: line.reasoning ?? "",
                    origin: origin(line), timestamp: line.ts ?? Date(timeIntervalSince1970: 0)))
        default:
            return nil
        }
    }

    private static func origin(_ line: Line) -> Origin? {
        guard let provider = line.provider, let model = line.model else { return nil }
        return Origin(provider: provider, model: model)
    }

    private static func partLine(_ part: Part) -> PartLine {
        switch part {
        case .text(let text): return PartLine(type: "text", text: text)
        case .reasoning(let text): return PartLine(type: "reasoning", text: text)
        case .attachment(let reference):
            return PartLine(
                type: "attachment", name: reference.name, media_type: reference.mediaType, sha256: reference.sha256,
                bytes: ByteCount(reference.bytes))
        case .toolCall(let call):
            return PartLine(type: "tool_call", id: call.id, name: call.name, server: call.server, arguments: call.arguments)
        case .toolResult(let result):
            return PartLine(type: "tool_result", call_id: result.callID, content: result.content, is_error: result.isError)
        }
    }

    /// nil for a part of a kind this version does not know (a newer natter's), or one missing what it needs.
    private static func part(_ line: PartLine) -> Part? {
        switch line.type {
        case "text": return line.text.map { .text($0) }
        case "reasoning": return line.text.map { .reasoning($0) }
        case "attachment":
            guard let name = line.name, let sha256 = line.sha256 else { return nil }
            return .attachment(
                AttachmentRef(
                    name: name, mediaType: line.media_type ?? "application/octet-stream", sha256: sha256,
                    bytes: line.bytes?.value ?? 0))
        case "tool_call":
            guard let id = line.id, let name = line.name else { return nil }
            return .toolCall(ToolCall(id: id, name: name, server: line.server, arguments: line.arguments ?? "{}"))
        case "tool_result":
            guard let callID = line.call_id else { return nil }
            return .toolResult(ToolResult(callID: callID, content: line.content ?? "", isError: line.is_error ?? false))
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
