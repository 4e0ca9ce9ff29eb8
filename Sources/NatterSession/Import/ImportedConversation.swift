import Foundation
import NatterProviders

/// One conversation read from another tool's export, as natter will keep it: its messages in an order where each
/// parent comes before its children (branches kept as siblings), the branch that was shown, a title and a time.
public struct ImportedConversation: Sendable {
    /// Where it came from ("chatgpt", "claude") and its id there: what makes importing it again find it.
    public var source: String
    public var sourceID: String
    public var title: String?
    public var created: Date
    public var messages: [Message]
    /// The leaf of the branch the other tool showed; nil: the last message.
    public var activeLeaf: String?

    /// The session id it is kept under: its creation time (so the sessions sort as they happened) and a hash of
    /// where it came from, the same at every import, so that importing a file twice makes nothing twice.
    public var sessionID: String {
        let time = SessionID.make(at: created).split(separator: "-").prefix(2).joined(separator: "-")
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a: stable across runs and machines, unlike Hasher
        for byte in "\(source):\(sourceID)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01B3
        }
        let suffix = String((hash ^ (hash >> 29) ^ (hash >> 47)) & 0xFF_FFFF, radix: 16)
        return time + "-" + String(repeating: "0", count: 6 - suffix.count) + suffix
    }

    /// The transcript records that hold it: a natter session like any other from here on.
    public var records: [TranscriptRecord] {
        var records: [TranscriptRecord] = [.session(SessionHeader(id: sessionID, created: created))]
        if let title, !title.isEmpty { records.append(.title(title)) }
        records += messages.map(TranscriptRecord.message)
        if let activeLeaf, activeLeaf != messages.last?.id { records.append(.active(activeLeaf)) }
        return records
    }

    /// A line naming a file the export only mentions: kept in the text so that the conversation still says what
    /// was attached, marked as missing.
    static func missingFile(_ name: String, bytes: Int?) -> String {
        let size = bytes.map { ", " + Quantities.bytes($0) } ?? ""
        return "[attachment \(name)\(size): not in the export]"
    }
}

extension JSONValue {
    /// Seconds since 1970 as exporters write them, checked before use: a time before 1990 or after 2200 is
    /// not one a conversation had.
    var epochDate: Date? {
        guard let seconds = numberValue, seconds > 631_152_000, seconds < 7_258_118_400 else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}
