import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// Numbers from outside, fuzzed with the values that trap a careless conversion: infinities, NaN, 1e400,
/// twenty nines, negative zero, Int.max and its neighbours, as text in headers and as JSON in bodies. Every
/// one must give an answer (a wait, a count, or none) and never a trap; whatever comes out is in range.
@Suite struct ExternalNumberFuzzTests {
    static let extremes = [
        "inf", "-inf", "Infinity", "nan", "NaN", "1e400", "-1e400", "1e308", "4.9e-324", "99999999999999999999",
        "-99999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "0", "-0",
        "0.0000001", "1.5", "-1", "18446744073709551615", "1e19", "1E3", "0x10", " 12 ", "", "abc", "12abc",
    ]

    static func number(_ generator: inout SplitMix64) -> String {
        if generator.oneIn(2) { return extremes[Int(generator.next() % UInt64(extremes.count))] }
        let digits = Int(generator.next() % 30) + 1
        var text = generator.oneIn(3) ? "-" : ""
        for _ in 0..<digits { text += String(generator.next() % 10) }
        if generator.oneIn(3) { text += "." + String(generator.next() % 1000) }
        if generator.oneIn(4) { text += "e" + String(Int(generator.next() % 800) - 400) }
        return text
    }

    @Test func retryAfterHeadersNeverTrapAndStayWithinADay() async {
        let failures = await FuzzRun().run { generator in
            let headers = [("Retry-After", Self.number(&generator)), ("retry-after-ms", Self.number(&generator))]
                .filter { _ in !generator.oneIn(3) }
            guard let wait = RetryAfter.parse(headers: headers) else { return nil }
            return wait >= .zero && wait <= .seconds(86_400) ? nil : "\(headers) gave \(wait)"
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func usageCountsInJSONNeverFailTheChunkAndStayInRange() async {
        let failures = await FuzzRun().run { generator in
            let value = Self.number(&generator)
            let json = #"{"choices":[],"usage":{"prompt_tokens":\#(value),"completion_tokens":\#(generator.oneIn(2) ? value : "\"\(value)\"")}}"#
            var interpreter = OpenAIStreamInterpreter()
            guard let chunks = try? interpreter.interpret(WireFrame(data: json)) else {
                // Only a value that is not JSON at all may fail the chunk.
                return (try? JSONValue.parse(Data(json.utf8))) == nil ? nil : "a valid chunk failed: \(json)"
            }
            for case .usage(let usage) in chunks {
                for count in [usage.inputTokens, usage.outputTokens].compactMap({ $0 })
                where count < 0 || count > ExternalNumber.largestTokenCount {
                    return "\(json) gave \(count)"
                }
            }
            return nil
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func oauthSecondsNeverTrapAndStayFinite() async {
        let failures = await FuzzRun().run { generator in
            let value = Self.number(&generator)
            let asString = generator.oneIn(2)
            let json = asString ? #"{"expires_in":"\#(value)"}"# : #"{"expires_in":\#(value)}"#
            guard let document = try? JSONValue.parse(Data(json.utf8)) else { return nil }
            let answer = OAuthEndpoint.Answer(status: 200, document: document)
            guard let seconds = answer.seconds("expires_in") else { return nil }
            guard seconds.isFinite, seconds >= 0, seconds <= 1e9 else { return "\(json) gave \(seconds)" }
            _ = Date().addingTimeInterval(seconds)
            _ = Int64(seconds * 1000)
            return nil
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// config.json holds no numbers of natter's, but a person (or anything) may write one anywhere: in the
    /// remembered choices, in place of a key name, as the whole `keys` object. Reading it never traps, the bad
    /// values are not used, and saving keeps the rest of the file.
    @Test func numbersAnywhereInTheSettingsFileNeverTrap() async throws {
        let scratch = NSTemporaryDirectory() + "natter-settings-fuzz-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let failures = await FuzzRun(defaultCount: 2000).run { generator in
            let number = { (generator: inout SplitMix64) in Self.number(&generator) }
            let fields = [
                #""last_provider": \#(number(&generator))"#, #""last_model": "m""#, #""theme": \#(number(&generator))"#,
                #""keys": {"send": \#(number(&generator)), "picker": ["ctrl+o", \#(number(&generator))]}"#,
                #""keys": \#(number(&generator))"#, #""unknown": [\#(number(&generator)), {"deep": \#(number(&generator))}]"#,
            ].filter { _ in !generator.oneIn(3) }
            let text = "{" + fields.joined(separator: ", ") + "}"
            guard FileManager.default.createFile(atPath: scratch, contents: Data(text.utf8)) else { return "cannot write" }
            let settings = Settings.load(from: scratch)
            if settings.lastProvider != nil || settings.theme != nil { return "a number was taken as a name: \(text)" }
            do {
                try Settings.update(at: scratch) { $0.lastModel = "chosen" }
            } catch {
                return nil  // a document JSONSerialization cannot hold (1e400) is refused, not trapped on
            }
            return Settings.load(from: scratch).lastModel == "chosen" ? nil : "the choice was not saved: \(text)"
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func sumsSaturateInsteadOfTrapping() async {
        let failures = await FuzzRun().run { generator in
            let values = (0..<3).map { _ in Int(truncatingIfNeeded: generator.next()) & Int.max }
            let sum = ExternalNumber.sum(values[0], values[1], values[2])
            return sum >= values.max()! ? nil : "\(values) summed to \(sum)"
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
