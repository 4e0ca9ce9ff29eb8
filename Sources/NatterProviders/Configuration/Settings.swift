import Foundation

/// `<config>/config.json`: what natter remembers between runs. Only the keys this version uses are read;
/// the rest of the file is left alone.
public struct Settings: Sendable, Hashable {
    public var lastProvider: String?
    public var lastModel: String?
    public var theme: String?
    /// `"mouse": false` leaves the mouse to the terminal from the start (F12 switches at any time).
    public var mouse: Bool?
    /// `"titles"`: "model", "first-message" or "off" (SPEC 14); nil for the default.
    public var titles: String?
    /// `"title_model": {"provider": …, "model": …}`: the model asked for titles; nil asks the conversation's.
    public var titleModel: Origin?
    /// `"notify": false`: no notification through the terminal when a reply ends unseen (SPEC 13).
    public var notify: Bool?
    /// `"input": "vi"`: vi's modes in the input; "emacs" (or none) the shell-line keys (SPEC 13).
    public var input: String?
    /// `"screen"`: `"full"` (the default), `"inline"` (into the scrollback) or `"plain"` (appended words, for screen
    /// readers; SPEC 12).
    public var screen: String?

    public init(lastProvider: String? = nil, lastModel: String? = nil, theme: String? = nil, mouse: Bool? = nil) {
        self.lastProvider = lastProvider
        self.lastModel = lastModel
        self.theme = theme
        self.mouse = mouse
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
        var mouse: Bool?
        if case .bool(let flag)? = document["mouse"] { mouse = flag }
        var settings = Settings(lastProvider: string("last_provider"), lastModel: string("last_model"), theme: string("theme"), mouse: mouse)
        settings.titles = string("titles")
        settings.input = string("input")
        settings.screen = string("screen")
        if case .bool(let flag)? = document["notify"] { settings.notify = flag }
        if let provider = document["title_model"]?["provider"]?.stringValue, let model = document["title_model"]?["model"]?.stringValue {
            settings.titleModel = Origin(provider: provider, model: model)
        }
        return settings
    }

    /// Loads the file, changes it, and writes it back.
    public static func update(at path: String, _ change: (inout Settings) -> Void) throws {
        var settings = load(from: path)
        change(&settings)
        try settings.save(to: path)
    }

    /// Writes the remembered keys into the file, keeping every other key a person put there. Written to a
    /// temporary file and renamed, so a crash never leaves half a config.
    public func save(to path: String) throws {
        var document: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: path),
            let existing = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        {
            document = existing
        }
        if let lastProvider { document["last_provider"] = lastProvider }
        if let lastModel { document["last_model"] = lastModel }
        if let theme { document["theme"] = theme }
        if let input { document["input"] = input }
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw SettingsWriteError(reason: String(cString: strerror(errno)))
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw SettingsWriteError(reason: reason)
        }
    }
}

/// Why config.json could not be written, in the system's words ("Permission denied").
public struct SettingsWriteError: Error, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
