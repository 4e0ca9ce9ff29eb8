import Foundation

/// A transcript as read back: every record that could be understood, and an account of what could not.
/// Reading never fails on content and never writes to the file.
public struct Transcript: Sendable, Hashable {
    public var header: SessionHeader?
    public var records: [TranscriptRecord]
    /// Lines that were not valid JSON or not a known record, by 1-based line number.
    public var skippedLines: [Int]
    /// The last line had no newline and did not parse: the writer was cut off mid-write.
    public var tornLastLine: Bool

    public var messages: [StoredMessage] {
        records.compactMap {
            if case .message(let message) = $0 { return message }
            return nil
        }
    }

    /// The latest title record, if any.
    public var title: String? {
        records.reversed().lazy.compactMap {
            if case .title(let title) = $0 { return title }
            return nil
        }.first
    }
}

public enum TranscriptReader {
    public static func read(path: String) throws(TranscriptError) -> Transcript {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TranscriptError.cannotRead(path: path, reason: "no such file, or not readable")
        }
        return parse(data)
    }

    public static func parse(_ data: Data) -> Transcript {
        var transcript = Transcript(header: nil, records: [], skippedLines: [], tornLastLine: false)
        let bytes = [UInt8](data)
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let isLast = end == bytes.count
            let line = bytes[start..<end]
            start = end + 1
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard let record = try? TranscriptCoding.decode(line) else {
                if isLast { transcript.tornLastLine = true } else { transcript.skippedLines.append(lineNumber) }
                continue
            }
            if case .session(let header) = record, transcript.header == nil {
                transcript.header = header
            }
            transcript.records.append(record)
        }
        return transcript
    }
}
