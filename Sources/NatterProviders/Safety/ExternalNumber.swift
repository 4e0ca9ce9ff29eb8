/// Numbers that arrive from outside natter (response headers, response bodies, files on disk) are checked here
/// before any arithmetic. Converting a Double such as `inf` or `1e400` to an integer traps, and so does adding
/// two counts near `Int.max`; a server or a damaged file must never be able to do either.
public enum ExternalNumber {
    /// No token count is anywhere near this; anything above it is nonsense from the other side.
    public static let largestTokenCount = 1_000_000_000_000

    /// A token count, or nil when it is negative or absurdly large.
    public static func tokenCount(_ value: Int?) -> Int? {
        guard let value, value >= 0, value <= largestTokenCount else { return nil }
        return value
    }

    /// A token count from a JSON number: a finite whole number in range, else nil.
    public static func tokenCount(_ value: Double?) -> Int? {
        guard let value, value.isFinite, value.rounded() == value, value >= 0, value <= Double(largestTokenCount) else {
            return nil
        }
        return Int(value)
    }

    /// A wait in milliseconds, as a Duration: negative or non-finite waits mean nothing (nil); a longer one
    /// than `longest` is taken as `longest`, which is still "too long to wait" to whoever compares it.
    public static func wait(milliseconds: Double, longest: Duration = .seconds(86_400)) -> Duration? {
        guard !milliseconds.isNaN, milliseconds >= 0 else { return nil }
        let longestMilliseconds = longest.inSeconds * 1000
        guard milliseconds < longestMilliseconds else { return longest }
        return .milliseconds(Int64(milliseconds.rounded(.up)))
    }

    /// A number of seconds from a server (OAuth `expires_in`, `interval`): finite and from 0 to about 30 years.
    public static func seconds(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value >= 0, value <= 1e9 else { return nil }
        return value
    }

    /// An amount of US dollars read back from a file: finite, not negative, under a billion; else nil.
    public static func dollars(_ value: Double?) -> Double? {
        guard let value, value.isFinite, value >= 0, value < 1e9 else { return nil }
        return value
    }

    /// Adds counts without ever trapping: a sum past `Int.max` stays at `Int.max`.
    public static func sum(_ values: Int...) -> Int {
        values.reduce(0) { total, value in
            let (result, overflow) = total.addingReportingOverflow(value)
            return overflow ? Int.max : result
        }
    }
}

/// A token count as a provider sent it in a usage report. Anything but a whole number in range (a string,
/// `1e308`, `-1`) decodes as no count: bad usage is ignored and the reply kept, never failed for it.
struct ReportedCount: Decodable, Equatable, Sendable {
    let value: Int?

    init(_ value: Int) { self.value = ExternalNumber.tokenCount(value) }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = ExternalNumber.tokenCount(try? container.decode(Double.self))
    }
}
