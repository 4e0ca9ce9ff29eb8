import Foundation
import NatterProviders

extension JSONValue {
    /// Pretty-printed with sorted keys, so a file `natter configure` writes reads well and diffs cleanly.
    static func prettyData(_ object: [String: JSONValue]) throws -> Data {
        let data = try JSONSerialization.data(
            withJSONObject: JSONValue.object(object).foundationValue, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return data + Data("\n".utf8)
    }

    /// Foundation's form, for JSONSerialization. Whole numbers stay whole (`8192`, not `8192.0`).
    var foundationValue: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return Int(number) }
            return number
        case .string(let text): return text
        case .array(let items): return items.map(\.foundationValue)
        case .object(let object): return object.mapValues(\.foundationValue)
        }
    }
}
