import Foundation

/// Reads how long a server asked us to wait: `Retry-After` as seconds or as an HTTP date, or the
/// millisecond `retry-after-ms` that OpenAI and Anthropic also send.
public enum RetryAfter {
    public static func parse(headers: [(String, String)], now: Date = Date()) -> Duration? {
        func value(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
                .trimmingCharacters(in: .whitespaces)
        }
        // `inf`, `1e400` and twenty nines are all numbers to Double: ExternalNumber turns them into a wait
        // too long to take (a day) instead of a trap.
        if let ms = value("retry-after-ms"), let milliseconds = Double(ms), let wait = ExternalNumber.wait(milliseconds: milliseconds) {
            return wait
        }
        guard let raw = value("retry-after") else { return nil }
        if let seconds = Double(raw) {
            return ExternalNumber.wait(milliseconds: seconds * 1000)
        }
        guard let date = httpDate(raw) else { return nil }
        return ExternalNumber.wait(milliseconds: max(0, date.timeIntervalSince(now) * 1000))
    }

    /// RFC 9110 dates: the IMF-fixdate form every server sends, plus the two obsolete forms it still allows.
    static func httpDate(_ text: String) -> Date? {
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
