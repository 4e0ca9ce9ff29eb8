import Foundation

/// Session ids sort by creation time as plain strings and are safe as file names: `20261125-053012-9f3a1c`.
public enum SessionID {
    /// The time in UTC by the C library, not a `DateFormatter`: making one loads ICU, a millisecond of the
    /// start-up before the first frame.
    public static func make(at date: Date = Date()) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let stamp = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))-\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
        let suffix = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        return stamp + "-" + String(repeating: "0", count: 6 - suffix.count) + suffix
    }

    /// Only ids natter could have made: no path separators, no dots, so a name from the command line
    /// cannot reach outside the sessions folder.
    public static func isValid(_ id: String) -> Bool {
        // By bytes: Character's properties, asked of every file name when thousands are listed, showed in the profile.
        var id = id
        return id.withUTF8(isValid(bytes:))
    }

    /// `isValid` of a name's bytes, for a folder's listing to ask before it makes a string of the name.
    static func isValid(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= 64 else { return false }
        for byte in bytes {
            let allowed = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x5F
            if !allowed { return false }
        }
        return true
    }
}
