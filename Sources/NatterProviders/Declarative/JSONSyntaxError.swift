import Foundation

/// Where a hand-edited JSON file (a provider, a theme, config.json) stops being JSON, as a line and column a
/// person can go to. JSONDecoder says only "not valid JSON"; JSONSerialization names the byte where it gave up.
public enum JSONSyntaxError {
    /// "not valid JSON at line 4, column 14 (invalid value)", or nil when the data is valid JSON.
    public static func describe(_ data: Data) -> String? {
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return nil
        } catch {
            let detail = ((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String) ?? ""
            guard let offset = characterOffset(in: detail) else { return "not valid JSON" }
            let (line, column) = position(of: offset, in: data)
            let what = detail.components(separatedBy: " around").first?.lowercased() ?? ""
            return "not valid JSON at line \(line), column \(column)" + (what.isEmpty ? "" : " (\(what))")
        }
    }

    /// The N of "… around character N." (a byte offset).
    static func characterOffset(in detail: String) -> Int? {
        guard let range = detail.range(of: "character ") else { return nil }
        return Int(detail[range.upperBound...].prefix { $0.isNumber })
    }

    /// 1-based line and column (in characters) of a byte offset.
    static func position(of offset: Int, in data: Data) -> (line: Int, column: Int) {
        let before = data.prefix(max(0, min(offset, data.count)))
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? before.startIndex
        let line = before.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let column = String(decoding: before[lineStart...], as: UTF8.self).count + 1
        return (line, column)
    }
}
