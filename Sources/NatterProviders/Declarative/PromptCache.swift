import Foundation
import Synchronization

/// Prompt caching as a provider file asks for it (SPEC 11, `"prompt_cache"`): Anthropic's engine marks cache
/// breakpoints unless it is off; `"1h"` asks for the one-hour lifetime instead of the five-minute one.
public enum PromptCache: String, Sendable, Hashable {
    case off
    case fiveMinutes = "5m"
    case oneHour = "1h"

    /// What `"prompt_cache"` may hold: true/false, or a lifetime.
    static func parse(_ value: JSONValue) -> PromptCache? {
        switch value {
        case .bool(let on): return on ? .fiveMinutes : .off
        case .string(let text): return PromptCache(rawValue: text.lowercased())
        case .null, .number, .array, .object: return nil
        }
    }
}

/// Providers whose server refused `cache_control` (a 400 naming it), for the rest of this run: each provider
/// value is made anew per request, so the memory is kept here, by provider name.
enum PromptCacheRefusals {
    private static let refused = Mutex<Set<String>>([])

    static func contains(_ provider: String) -> Bool { refused.withLock { $0.contains(provider) } }

    /// True the first time, so the refusal is said once.
    @discardableResult
    static func record(_ provider: String) -> Bool { refused.withLock { $0.insert(provider).inserted } }
}
