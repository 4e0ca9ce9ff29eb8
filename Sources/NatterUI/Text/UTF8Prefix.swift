import Foundation

extension StringProtocol {
    /// Whether the text starts with exactly the bytes of `prefix`: one memory comparison, where `hasPrefix`
    /// compares character by character (it must, for canonical equivalence), which a growing text checked at
    /// every frame cannot afford.
    func hasUTF8Prefix(_ prefix: String) -> Bool {
        var prefix = prefix
        return prefix.withUTF8 { start in
            let compared = utf8.withContiguousStorageIfAvailable { whole in
                start.count <= whole.count && (start.isEmpty || memcmp(whole.baseAddress!, start.baseAddress!, start.count) == 0)
            }
            return compared ?? utf8.starts(with: start)
        }
    }
}
