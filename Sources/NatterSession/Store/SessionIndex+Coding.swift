import Foundation
import NatterProviders

/// index.json written and read by hand, field by field: listing 20,000 sessions spent 80 % of half a second in
/// `JSONDecoder` reading the index (9 MB). The file is still JSON, one entry an object of flat, short names; an
/// index this cannot read (another version, damage, a hand edit the strict scanner will not vouch for) is rebuilt.
extension SessionIndex {
    func encoded() -> Data {
        // The count first, so that a reader makes room for every entry at once.
        var out = "{\"version\":\(Self.version),\"count\":\(entries.count),\"entries\":["
        out.reserveCapacity(entries.count * 400)
        for (number, entry) in entries.values.enumerated() {
            if number > 0 { out += "," }
            let summary = entry.summary
            out += "{\"id\":" + Self.quoted(summary.id)
            if let title = summary.title { out += ",\"title\":" + Self.quoted(title) }
            if let first = summary.firstPrompt { out += ",\"first\":" + Self.quoted(first) }
            if summary.pinned { out += ",\"pinned\":true" }
            if summary.archived { out += ",\"archived\":true" }
            if let created = summary.created { out += ",\"created\":\(Self.milliseconds(created))" }
            out += ",\"last\":\(Self.milliseconds(summary.lastActivity)),\"messages\":\(summary.messageCount)"
            out += ",\"models\":[" + summary.models.map(Self.quoted).joined(separator: ",") + "]"
            if let provider = summary.lastProvider { out += ",\"provider\":" + Self.quoted(provider) }
            if let model = summary.lastModel { out += ",\"model\":" + Self.quoted(model) }
            out += ",\"format\":\(summary.version),\"skipped\":\(summary.skippedLines)"
            out += ",\"answered\":\(summary.answeredReplies),\"failed\":\(summary.failedReplies)"
            if let cost = summary.cost, cost.isFinite { out += ",\"cost\":\(cost)" }
            if let input = summary.inputTokens { out += ",\"input\":\(input)" }
            if let read = summary.cacheReadTokens { out += ",\"cacheRead\":\(read)" }
            if let leaf = summary.activeLeaf { out += ",\"leaf\":" + Self.quoted(leaf) }
            if let role = summary.lastRole { out += ",\"lastRole\":" + Self.quoted(role.rawValue) }
            if summary.needsFullCount { out += ",\"fullCount\":true" }
            out += ",\"size\":\(entry.size),\"modSec\":\(entry.modified / 1_000_000_000),\"modNsec\":\(entry.modified % 1_000_000_000)"
            out += ",\"scanned\":\(entry.scanned)}"
        }
        out += "]}\n"
        return Data(out.utf8)
    }

    /// nil for anything but an index of this version that the scanner reads whole.
    static func decoded(_ data: Data) -> SessionIndex? {
        data.withUnsafeBytes { raw -> SessionIndex? in
            var scanner = JSONScanner(raw.bindMemory(to: UInt8.self))
            var index = SessionIndex()
            var version: Int?
            do throws(JSONScanner.Unexpected) {
                try scanner.readObject { scanner, name throws(JSONScanner.Unexpected) in
                    if name.is("version") {
                        version = try scanner.readOptionalInteger()
                    } else if name.is("count") {
                        // Room made for what the writer said, within reason: the file may say anything.
                        if let count = try scanner.readOptionalInteger(), (0...1_000_000).contains(count) { index.entries.reserveCapacity(count) }
                    } else if name.is("entries") {
                        try scanner.readArray { scanner throws(JSONScanner.Unexpected) in
                            let entry = try readEntry(&scanner)
                            index.entries[entry.summary.id] = entry
                        }
                    } else {
                        try scanner.skipValue()
                    }
                }
            } catch {
                return nil
            }
            guard version == Self.version, scanner.isAtEnd() else { return nil }
            return index
        }
    }

    /// The names of an entry's fields as `JSONScanner.Name.key`s (their bytes, last first), written as numbers:
    /// a constant computed at start-up is looked up through a once-token at every use, which was a sixth of
    /// reading 20,000 entries. `SessionIndexCodingTests` checks each against its name.
    enum Field {
        static let id: UInt64 = 0x6469  // "id"
        static let title: UInt64 = 0x656c746974  // "title"
        static let first: UInt64 = 0x7473726966  // "first"
        static let pinned: UInt64 = 0x64656e6e6970  // "pinned"
        static let archived: UInt64 = 0x6465766968637261  // "archived"
        static let created: UInt64 = 0x64657461657263  // "created"
        static let last: UInt64 = 0x7473616c  // "last"
        static let messages: UInt64 = 0x736567617373656d  // "messages"
        static let models: UInt64 = 0x736c65646f6d  // "models"
        static let provider: UInt64 = 0x72656469766f7270  // "provider"
        static let model: UInt64 = 0x6c65646f6d  // "model"
        static let format: UInt64 = 0x74616d726f66  // "format"
        static let skipped: UInt64 = 0x64657070696b73  // "skipped"
        static let answered: UInt64 = 0x6465726577736e61  // "answered"
        static let failed: UInt64 = 0x64656c696166  // "failed"
        static let cost: UInt64 = 0x74736f63  // "cost"
        static let input: UInt64 = 0x7475706e69  // "input"
        static let leaf: UInt64 = 0x6661656c  // "leaf"
        static let lastRole: UInt64 = 0x656c6f527473616c  // "lastRole"
        static let size: UInt64 = 0x657a6973  // "size"
        static let modSec: UInt64 = 0x636553646f6d  // "modSec"
        static let modNsec: UInt64 = 0x6365734e646f6d  // "modNsec"
        static let scanned: UInt64 = 0x64656e6e616373  // "scanned"
    }

    private static func readEntry(_ scanner: inout JSONScanner) throws(JSONScanner.Unexpected) -> Entry {
        var summary = SessionSummary(id: "", lastActivity: .distantPast)
        var size = 0
        var seconds = 0
        var nanoseconds = 0
        var scanned = 0
        func integer(_ scanner: inout JSONScanner) throws(JSONScanner.Unexpected) -> Int {
            guard let value = try scanner.readOptionalInteger() else { throw JSONScanner.Unexpected() }
            return value
        }
        func date(_ scanner: inout JSONScanner) throws(JSONScanner.Unexpected) -> Date {
            Date(timeIntervalSince1970: Double(try integer(&scanner)) / 1000)
        }
        try scanner.readObject { scanner, name throws(JSONScanner.Unexpected) in
            switch name.key {
            case Field.id: summary.id = try scanner.readString()
            case Field.title: summary.title = try scanner.readOptionalString()
            case Field.first: summary.firstPrompt = try scanner.readOptionalString()
            case Field.pinned: summary.pinned = try scanner.readOptionalBool() ?? false
            case Field.archived: summary.archived = try scanner.readOptionalBool() ?? false
            case Field.created: summary.created = try date(&scanner)
            case Field.last: summary.lastActivity = try date(&scanner)
            case Field.messages: summary.messageCount = try integer(&scanner)
            case Field.models:
                var models: [String] = []
                try scanner.readArray { scanner throws(JSONScanner.Unexpected) in models.append(try scanner.readString()) }
                summary.models = models
            case Field.provider: summary.lastProvider = try scanner.readOptionalString()
            case Field.model: summary.lastModel = try scanner.readOptionalString()
            case Field.format: summary.version = try integer(&scanner)
            case Field.skipped: summary.skippedLines = try integer(&scanner)
            case Field.answered: summary.answeredReplies = try integer(&scanner)
            case Field.failed: summary.failedReplies = try integer(&scanner)
            case Field.cost:
                guard case .number(let cost) = try scanner.readValue() else { throw JSONScanner.Unexpected() }
                summary.cost = cost
            case Field.input: summary.inputTokens = try integer(&scanner)
            case 0 where name.is("cacheRead"): summary.cacheReadTokens = try integer(&scanner)
            case Field.leaf: summary.activeLeaf = try scanner.readOptionalString()
            case Field.lastRole: summary.lastRole = try scanner.readOptionalString().flatMap(Role.init(rawValue:))
            case 0 where name.is("fullCount"): summary.needsFullCount = try scanner.readOptionalBool() ?? false
            case Field.size: size = try integer(&scanner)
            case Field.modSec: seconds = try integer(&scanner)
            case Field.modNsec: nanoseconds = try integer(&scanner)
            case Field.scanned: scanned = try integer(&scanner)
            default: try scanner.skipValue()  // a field of a later natter
            }
        }
        guard !summary.id.isEmpty, (0..<1_000_000_000).contains(nanoseconds), (0...(Int.max / 1_000_000_000 - 1)).contains(seconds) else {
            throw JSONScanner.Unexpected()
        }
        return Entry(summary: summary, size: size, modified: Int64(seconds) * 1_000_000_000 + Int64(nanoseconds), scanned: scanned)
    }

    /// Whole milliseconds since 1970; a date no clock gives (before 1970, past the year 10,000) as 0.
    private static func milliseconds(_ date: Date) -> Int {
        let value = (date.timeIntervalSince1970 * 1000).rounded()
        return value.isFinite && value >= 0 && value < 253_402_300_800_000 ? Int(value) : 0
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as it is.
    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
