import Foundation
import NatterProviders

/// Transcript lines read with `JSONScanner` instead of `Codable`: opening a 100,000-message session spent
/// most of its time in JSONDecoder's machinery. A line the scanner cannot vouch for (invalid UTF-8, a field
/// given twice, a value of another type, a time not written as natter writes it) answers nil and goes to
/// JSONDecoder, so this is only ever a faster way to the same `Line`; a differential fuzz test holds it to that.
extension TranscriptCoding.Line {
    static func scanned(_ bytes: UnsafeRawBufferPointer) -> Self? {
        let buffer = bytes.bindMemory(to: UInt8.self)
        guard String(validating: buffer, as: UTF8.self) != nil else { return nil }
        var scanner = JSONScanner(buffer)
        guard let line = try? scan(&scanner), scanner.isAtEnd() else { return nil }
        return line
    }

    private typealias Unexpected = JSONScanner.Unexpected

    private static func scan(_ scanner: inout JSONScanner) throws(Unexpected) -> Self {
        var line = Self(type: "")
        var sawType = false
        var seen: Set<String> = []
        try scanner.readObject { scanner, name throws(Unexpected) in
            func field(_ key: StaticString) throws(Unexpected) -> Bool {
                guard name.is(key) else { return false }
                guard seen.insert(key.description).inserted else { throw Unexpected() }  // which one wins is JSONDecoder's to say
                return true
            }
            if try field("type") {
                line.type = try scanner.readString()
                sawType = true
            } else if try field("id") {
                line.id = try scanner.readOptionalString()
            } else if try field("parent") {
                line.parent = try scanner.readOptionalString()
            } else if try field("role") {
                line.role = try scanner.readOptionalString().map { text throws(Unexpected) in
                    guard let role = Role(rawValue: text) else { throw Unexpected() }
                    return role
                }
            } else if try field("parts") {
                line.parts = try scanParts(&scanner)
            } else if try field("content") {
                line.content = try scanner.readOptionalString()
            } else if try field("reasoning") {
                line.reasoning = try scanner.readOptionalString()
            } else if try field("provider") {
                line.provider = try scanner.readOptionalString()
            } else if try field("model") {
                line.model = try scanner.readOptionalString()
            } else if try field("ts") {
                line.ts = try scanner.readOptionalString().map(date)
            } else if try field("created") {
                line.created = try scanner.readOptionalString().map(date)
            } else if try field("version") {
                line.version = try scanner.readOptionalInteger()
            } else if try field("usage") {
                line.usage = try scanUsage(&scanner)
            } else if try field("finish") {
                line.finish = try scanner.readOptionalString().map { text throws(Unexpected) in
                    guard let finish = MessageFinish(rawValue: text) else { throw Unexpected() }
                    return finish
                }
            } else if try field("error") {
                line.error = try scanner.readOptionalString()
            } else if try field("title") {
                line.title = try scanner.readOptionalString()
            } else if name.is("params") || name.is("through") || name.is("count") || name.is("on") {
                throw Unexpected()  // rare lines (params, compaction, pin, archive): JSONDecoder reads their values
            } else {
                try scanner.skipValue()
            }
        }
        guard sawType else { throw Unexpected() }
        return line
    }

    private static func scanParts(_ scanner: inout JSONScanner) throws(Unexpected) -> [TranscriptCoding.PartLine]? {
        if scanner.readNull() { return nil }
        var parts: [TranscriptCoding.PartLine] = []
        try scanner.readArray { scanner throws(Unexpected) in parts.append(try scanPart(&scanner)) }
        return parts
    }

    /// Every field of a part is read (and checked) whatever its type, as `decodePart` reads only some: a
    /// field of the wrong type that the decoder would not look at makes this fall back, never differ.
    private static func scanPart(_ scanner: inout JSONScanner) throws(Unexpected) -> TranscriptCoding.PartLine {
        var type: String?
        var strings: [String: String] = [:]
        var isError: Bool?
        var bytes: Int??
        var seen: Set<String> = []
        try scanner.readObject { scanner, name throws(Unexpected) in
            for key: StaticString in ["text", "id", "name", "server", "arguments", "call_id", "content", "media_type", "sha256"] where name.is(key) {
                guard seen.insert(key.description).inserted else { throw Unexpected() }
                guard let value = try scanner.readOptionalString() else { return }
                strings[key.description] = value
                return
            }
            if name.is("type") {
                guard seen.insert("type").inserted else { throw Unexpected() }
                type = try scanner.readString()
            } else if name.is("is_error") {
                guard seen.insert("is_error").inserted else { throw Unexpected() }
                isError = try scanner.readOptionalBool()
            } else if name.is("bytes") {
                guard seen.insert("bytes").inserted else { throw Unexpected() }
                // ByteCount reads any number as a Double; anything but a plain whole number goes to it.
                bytes = .some(try scanner.readOptionalInteger().map { ExternalNumber.tokenCount($0) } ?? nil)
            } else {
                try scanner.skipValue()
            }
        }
        guard let type else { throw Unexpected() }
        var part = TranscriptCoding.PartLine(type: type)
        switch type {
        case "text", "reasoning":
            part.text = strings["text"]
        case "attachment":
            part.name = strings["name"]
            part.media_type = strings["media_type"]
            part.sha256 = strings["sha256"]
            if case .some(let count) = bytes {
                guard let count else { throw Unexpected() }  // null, or out of range: ByteCount's call
                part.bytes = TranscriptCoding.ByteCount(count)
            }
        case "tool_call":
            part.id = strings["id"]
            part.name = strings["name"]
            part.server = strings["server"]
            part.arguments = strings["arguments"]
        case "tool_result":
            part.call_id = strings["call_id"]
            part.content = strings["content"]
            part.is_error = isError
        default:
            break
        }
        return part
    }

    private static func scanUsage(_ scanner: inout JSONScanner) throws(Unexpected) -> TranscriptCoding.UsageLine? {
        if scanner.readNull() { return nil }
        var usage = TranscriptCoding.UsageLine()
        var seen: Set<String> = []
        try scanner.readObject { scanner, name throws(Unexpected) in
            if name.is("input_tokens") {
                guard seen.insert("input").inserted else { throw Unexpected() }
                usage.input_tokens = try scanner.readOptionalInteger()
            } else if name.is("output_tokens") {
                guard seen.insert("output").inserted else { throw Unexpected() }
                usage.output_tokens = try scanner.readOptionalInteger()
            } else if name.is("cache_read") {
                guard seen.insert("cache_read").inserted else { throw Unexpected() }
                usage.cache_read = try scanner.readOptionalInteger()
            } else if name.is("cache_write") {
                guard seen.insert("cache_write").inserted else { throw Unexpected() }
                usage.cache_write = try scanner.readOptionalInteger()
            } else if name.is("cost_estimated") {
                guard seen.insert("cost_estimated").inserted else { throw Unexpected() }
                switch try scanner.readValue() {
                case .bool(let flag): usage.cost_estimated = flag
                case .null: break
                default: throw Unexpected()
                }
            } else if name.is("cost") {
                guard seen.insert("cost").inserted else { throw Unexpected() }
                switch try scanner.readValue() {
                case .number(let dollars): usage.cost = TranscriptCoding.Dollars(dollars)
                case .null: break
                default: throw Unexpected()  // the decoder says what it makes of it
                }
            } else {
                try scanner.skipValue()
            }
        }
        return usage
    }

    /// `2026-12-01T18:20:28Z`, as natter writes times; any other form goes to JSONDecoder's ISO 8601 reading.
    private static func date(_ text: String) throws(Unexpected) -> Date {
        let digits = Array(text.utf8)
        guard digits.count == 20, digits[4] == 0x2D, digits[7] == 0x2D, digits[10] == 0x54, digits[13] == 0x3A,
            digits[16] == 0x3A, digits[19] == 0x5A
        else { throw Unexpected() }
        func number(_ range: Range<Int>) throws(Unexpected) -> Int32 {
            var value: Int32 = 0
            for index in range {
                guard (0x30...0x39).contains(digits[index]) else { throw Unexpected() }
                value = value * 10 + Int32(digits[index] - 0x30)
            }
            return value
        }
        // Before 1970 is left to Foundation, whose calendar is Julian before 1582: no natter wrote such a time.
        let year = try number(0..<4)
        guard year >= 1970 else { throw Unexpected() }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = try number(5..<7) - 1
        parts.tm_mday = try number(8..<10)
        parts.tm_hour = try number(11..<13)
        parts.tm_min = try number(14..<16)
        parts.tm_sec = try number(17..<19)
        let wanted = parts
        var seconds = timegm(&parts)
        // timegm moves an impossible date (February 30) to a real one; JSONDecoder refuses it instead.
        var back = tm()
        gmtime_r(&seconds, &back)
        guard back.tm_year == wanted.tm_year, back.tm_mon == wanted.tm_mon, back.tm_mday == wanted.tm_mday,
            back.tm_hour == wanted.tm_hour, back.tm_min == wanted.tm_min, back.tm_sec == wanted.tm_sec
        else { throw Unexpected() }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
