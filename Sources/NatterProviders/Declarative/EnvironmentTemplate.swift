/// `${VAR}` and `${VAR:-default}` in provider files, expanded from the environment each time a request is
/// made, so a key exported after start-up is used and a missing one is reported, never a crash.
public enum EnvironmentTemplate {
    public struct Reference: Sendable, Hashable {
        public var name: String
        public var defaultValue: String?
    }

    public struct MissingVariables: Error, Sendable, Hashable {
        public var names: [String]
    }

    /// Every `${…}` in the text, in order.
    public static func references(in template: String) -> [Reference] {
        var found: [Reference] = []
        scan(template) { reference in
            found.append(reference)
            return ""
        }
        return found
    }

    /// The text with each reference replaced. A variable that is unset, or set to the empty string, counts
    /// as missing unless the reference gives a default: an empty API key is no key.
    public static func expand(_ template: String, lookup: (String) -> String?) throws(MissingVariables) -> String {
        var missing: [String] = []
        let result = scan(template) { reference in
            if let value = lookup(reference.name), !value.isEmpty { return value }
            if let fallback = reference.defaultValue { return fallback }
            if !missing.contains(reference.name) { missing.append(reference.name) }
            return ""
        }
        guard missing.isEmpty else { throw MissingVariables(names: missing) }
        return result
    }

    /// Walks the template, replacing each well-formed reference with what `replace` returns. Anything that
    /// is not a well-formed reference (`$5`, `${`, `${1X}`) is kept as written.
    @discardableResult
    private static func scan(_ template: String, replace: (Reference) -> String) -> String {
        guard template.contains("${") else { return template }
        var output = ""
        var rest = template[...]
        while let start = rest.range(of: "${") {
            output += rest[rest.startIndex..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}"),
                let reference = parse(afterOpen[afterOpen.startIndex..<close])
            else {
                output += "${"
                rest = afterOpen
                continue
            }
            output += replace(reference)
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        output += rest
        return output
    }

    private static func parse(_ body: Substring) -> Reference? {
        let name: Substring
        var defaultValue: String?
        if let separator = body.range(of: ":-") {
            name = body[body.startIndex..<separator.lowerBound]
            defaultValue = String(body[separator.upperBound...])
        } else {
            name = body
        }
        guard let first = name.unicodeScalars.first, first == "_" || isASCIILetter(first),
            name.unicodeScalars.allSatisfy({ $0 == "_" || isASCIILetter($0) || ("0"..."9").contains($0) })
        else { return nil }
        return Reference(name: String(name), defaultValue: defaultValue)
    }

    private static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
