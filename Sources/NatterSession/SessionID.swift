import Foundation

/// Session ids sort by creation time as plain strings and are safe as file names: `20261125-053012-9f3a1c`.
public enum SessionID {
    public static func make(at date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let suffix = String(UInt32.random(in: 0...0xFF_FFFF), radix: 16)
        return formatter.string(from: date) + "-" + String(repeating: "0", count: 6 - suffix.count) + suffix
    }

    /// Only ids natter could have made: no path separators, no dots, so a name from the command line
    /// cannot reach outside the sessions folder.
    public static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }
}
