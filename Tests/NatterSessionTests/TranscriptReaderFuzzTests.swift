import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// Transcripts whose tail is damaged the ways a crash, a bad disk or a careless edit would damage it: the
/// reader never traps, keeps every whole valid line before the damage, and reads a file the same way it
/// parses the same bytes in memory.
@Suite struct TranscriptReaderFuzzTests {
    static let texts = [
        "", "Hello", "line 1\nline 2\r\n", "ü 日本 🙂 👩‍👩‍👧", "\u{1B}[2J\u{7}", "\"quoted\" \\ back", "{\"type\":\"message\"}",
        String(repeating: "long ", count: 200),
    ]

    /// A random record whose every field survives a round trip (whole-second times: ISO 8601 drops the rest).
    static func record(using generator: inout SplitMix64) -> TranscriptRecord {
        let moment = Date(timeIntervalSince1970: Double(Int.random(in: 0...4_000_000_000, using: &generator)))
        let text = texts.randomElement(using: &generator)!
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: return .session(SessionHeader(id: "20260101-000000-\(Int.random(in: 0...999, using: &generator))", created: moment))
        case 1: return .switchModel(provider: "p\(text.prefix(3))", model: text, at: moment)
        case 2: return .title(text)
        default:
            let role: Role = generator.oneIn(2) ? .user : .assistant
            let finish: MessageFinish? = role == .user ? nil : [.stop, .length, .cancelled, .interrupted, .error].randomElement(using: &generator)
            let parts: [Part] = (generator.oneIn(3) ? [.reasoning(text)] : []) + [.text(text)]
            return .message(
                Message(
                    id: "m\(Int.random(in: 0...999_999, using: &generator))", parent: generator.oneIn(2) ? nil : "m1", role: role,
                    parts: parts, origin: Origin(provider: "openai", model: "gpt"),
                    usage: generator.oneIn(2) ? Usage(inputTokens: Int.random(in: 0...1_000_000, using: &generator), outputTokens: nil) : nil,
                    finish: finish, error: finish == .error ? text : nil, created: moment))
        }
    }

    /// What a reader keeps of whole valid lines, by the conversation's rules rather than the bytes: a message of
    /// an id already read replaces that one where it stands, and a parent the file does not hold is no parent.
    static func kept(_ records: [TranscriptRecord]) -> [TranscriptRecord] {
        var kept: [TranscriptRecord] = []
        var place: [String: Int] = [:]
        for record in records {
            guard case .message(var message) = record else {
                kept.append(record)
                continue
            }
            if let parent = message.parent, place[parent] == nil { message.parent = nil }
            if let at = place[message.id] {
                kept[at] = .message(message)
            } else {
                place[message.id] = kept.count
                kept.append(.message(message))
            }
        }
        return kept
    }

    @Test func damageAfterValidLinesLosesNoneOfThem() async throws {
        let scratch = NSTemporaryDirectory() + "natter-fuzz-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let run = FuzzRun()
        // Records encoded once: encoding per input cost more than the reading under test.
        var poolGenerator = SplitMix64(seed: run.seed)
        let pool = try (0..<1000).map { _ in
            let record = Self.record(using: &poolGenerator)
            return (record: record, line: Array(try TranscriptCoding.encode(record)))
        }
        let poolLines = pool.map(\.line)
        let failures = await run.run { generator in
            let valid = (0..<Int.random(in: 0...3, using: &generator)).map { _ in pool.randomElement(using: &generator)! }
            let damaged = ByteMutator.mutate(poolLines.randomElement(using: &generator)!, others: poolLines, using: &generator)
            let input = valid.flatMap(\.line) + damaged

            let transcript = TranscriptReader.parse(Data(input))
            let kept = Self.kept(valid.map(\.record))
            let damagedText = String(decoding: damaged, as: UTF8.self)
            // A damaged line that still reads as a message of an id already read supersedes it, as a later record
            // of the same id does (a reply read back as it grew).
            func same(_ read: TranscriptRecord, _ expected: TranscriptRecord) -> Bool {
                if case .message(let a) = read, case .message(let b) = expected, a.id == b.id, damagedText.contains(b.id) { return true }
                return read == expected
            }
            let prefix = Array(transcript.records.prefix(kept.count))
            guard prefix.count == kept.count, zip(prefix, kept).allSatisfy(same) else {
                return "lost valid lines: read \(transcript.records); input: \(String(decoding: input, as: UTF8.self))"
            }
            // Reading through the file (LineReader) must agree with parsing in memory; files are slow, so
            // one input in fifty takes this path.
            if generator.oneIn(50) {
                _ = FileManager.default.createFile(atPath: scratch, contents: Data(input))
                guard let read = try? TranscriptReader.read(path: scratch), read == transcript else {
                    return "the file reads differently from the bytes; input: \(input)"
                }
            }
            return nil
        }
        for failure in failures { Issue.record(Comment(rawValue: failure)) }
    }
}
