import Foundation
import NatterProviders

/// The person's own provider files, `<config>/providers/NAME.json`: the only files `natter configure` writes
/// or removes (goose's folders and the built-in catalogue are read, never changed).
struct ProviderFileStore {
    let directory: String

    init(paths: NatterPaths) {
        directory = paths.configDirectory + "/providers"
    }

    func path(for name: String) -> String { directory + "/\(name).json" }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(for: name)) }

    /// The names of the files in the folder, sorted.
    func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(".json".count)) }.sorted()
    }

    /// An existing file as a JSON object, for `edit`: its keys are kept unless a question changes them.
    func document(named name: String) throws(ConfigureFailure) -> [String: JSONValue] {
        let path = path(for: name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigureFailure("there is no file \(path): `natter configure add \(name)` creates one")
        }
        guard case .object(let object)? = try? JSONValue.parse(data) else {
            throw ConfigureFailure("\(path) is not a JSON object; fix it by hand or remove it with `natter configure remove \(name)`")
        }
        return object
    }

    /// Writes to a temporary file beside the target and renames it into place, so the registry never reads
    /// half a file and a failed write leaves the old one as it was.
    func write(_ data: Data, named name: String) throws(ConfigureFailure) {
        let target = path(for: name)
        let temporary = directory + "/.\(name).json.tmp-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ConfigureFailure("cannot create \(directory): \(error.localizedDescription)")
        }
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o644]) else {
            throw ConfigureFailure("cannot write \(temporary)")
        }
        if rename(temporary, target) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw ConfigureFailure("cannot write \(target): \(reason)")
        }
    }

    func remove(named name: String) throws(ConfigureFailure) {
        do {
            try FileManager.default.removeItem(atPath: path(for: name))
        } catch {
            throw ConfigureFailure("cannot remove \(path(for: name)): \(error.localizedDescription)")
        }
    }
}

/// A step of `natter configure` that could not be done, said in one line.
struct ConfigureFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = TerminalText.singleLine(description, limit: 400)
    }
}
