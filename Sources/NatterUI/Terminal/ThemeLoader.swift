import Foundation
import NatterProviders

/// Theme files: a JSON object of role → colour (`"#rrggbb"`, a palette index 0–255, or `"default"`), and an
/// optional `name`. Roles left out take the terminal's own colour; unknown keys are ignored.
public enum ThemeLoader {
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var path: String
        public var key: String?
        public var problem: String

        public var description: String {
            key.map { "\(path): \($0): \(problem)" } ?? "\(path): \(problem)"
        }
    }

    public static func parse(_ data: Data, path: String) throws(Problem) -> Theme {
        let document: JSONValue
        do {
            document = try JSONValue.parse(data)
        } catch {
            throw Problem(path: path, key: nil, problem: JSONSyntaxError.describe(data) ?? "not valid JSON")
        }
        guard case .object(let object) = document else {
            throw Problem(path: path, key: nil, problem: "expected a JSON object, found \(document.summary)")
        }
        var name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        switch object["name"] {
        case .string(let given)? where !given.isEmpty: name = given
        case nil, .null?, .string?: break
        case let other?: throw Problem(path: path, key: "name", problem: "expected a string, found \(other.summary)")
        }
        var colors: [ColorRole: Theme.Color] = [:]
        for role in ColorRole.allCases {
            guard let value = object[role.rawValue] else { continue }
            guard let color = color(value) else {
                throw Problem(
                    path: path, key: role.rawValue,
                    problem: "expected \"#rrggbb\", a palette index 0-255 or \"default\", found \(value.summary)")
            }
            colors[role] = color
        }
        return Theme(name: name, colors: colors)
    }

    static func color(_ value: JSONValue) -> Theme.Color? {
        switch value {
        case .number(let number) where number == number.rounded() && (0...255).contains(number):
            return .index(Int(number))
        case .string("default"):
            return .terminalDefault
        case .string(let text) where text.count == 7 && text.hasPrefix("#"):
            // UInt32(radix:) alone would also take a sign: "#+fffff".
            guard text.dropFirst().allSatisfy({ $0.isASCII && $0.isHexDigit }), let rgb = UInt32(text.dropFirst(), radix: 16)
            else { return nil }
            return .rgb(UInt8(rgb >> 16 & 0xFF), UInt8(rgb >> 8 & 0xFF), UInt8(rgb & 0xFF))
        default:
            return nil
        }
    }

    /// Every theme: the built-ins, then `<config>/themes/*.json` (a user theme with a built-in's name replaces
    /// it). Files that cannot be used are returned as problems and skipped.
    public static func loadAll(userDirectory: String) -> (themes: [Theme], problems: [Problem]) {
        var themes: [Theme] = []
        var problems: [Problem] = []
        let builtinDirectory = ResourceFolder.path(target: "NatterUI", subfolder: "Themes", fallback: { Bundle.module.resourceURL })
        for directory in [builtinDirectory, userDirectory].compactMap({ $0 }) {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            for name in names {
                let path = directory + "/" + name
                guard let data = FileManager.default.contents(atPath: path) else {
                    problems.append(Problem(path: path, key: nil, problem: "cannot be read"))
                    continue
                }
                do throws(Problem) {
                    let theme = try parse(data, path: path)
                    themes.removeAll { $0.name == theme.name }
                    themes.append(theme)
                } catch {
                    problems.append(error)
                }
            }
        }
        if !themes.contains(where: { $0.name == "dark" }) { themes.insert(.dark, at: 0) }
        return (themes, problems)
    }
}
