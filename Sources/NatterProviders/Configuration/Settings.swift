import Foundation

/// `<config>/config.json`: what natter remembers between runs. Only the keys this version uses are read;
/// the rest of the file is left alone.
public struct Settings: Sendable, Hashable {
    public var lastProvider: String?
    public var lastModel: String?

    public init(lastProvider: String? = nil, lastModel: String? = nil) {
        self.lastProvider = lastProvider
        self.lastModel = lastModel
    }

    /// An absent or unreadable file gives empty settings: remembering is a convenience, never a reason to fail.
    public static func load(from path: String) -> Settings {
        guard let data = FileManager.default.contents(atPath: path), let document = try? JSONValue.parse(data) else {
            return Settings()
        }
        func string(_ key: String) -> String? {
            if case .string(let text)? = document[key], !text.isEmpty { return text }
            return nil
        }
        return Settings(lastProvider: string("last_provider"), lastModel: string("last_model"))
    }
}
