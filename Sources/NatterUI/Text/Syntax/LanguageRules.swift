/// What the code lexer needs to know of a language family (SPEC 10): its words, how it writes comments and
/// strings. A small table per family rather than a grammar: enough to colour keywords, strings, comments,
/// numbers and types as a reader expects, never enough to be wrong about where text goes.
struct LanguageRules: Sendable {
    var keywords: Set<String> = []
    var types: Set<String> = []
    /// `Capitalized` names are types (Swift, Java, Rust, Go's exported ones read fine as types too).
    var capitalizedAreTypes = false
    var caseInsensitiveKeywords = false
    var lineComments: [String] = []
    var blockComment: (open: String, close: String)?
    /// Quote characters of one-line strings; a backslash escapes the next character inside them.
    var quotes: Set<Character> = ["\""]
    /// Strings that may span lines: `"""` (Python, Swift), `` ` `` (JavaScript templates, Go raw strings).
    var multilineQuotes: [String] = []
    /// `$name` and `${…}` (Shell).
    var dollarVariables = false
    /// `key:` at the start of a line is a type-coloured key (YAML).
    var keysBeforeColon = false
}

/// The languages natter colours, by the names a fence gives them.
enum CodeLanguage: Sendable {
    case rules(LanguageRules)
    case diff
    case markup

    static func named(_ fenceInfo: String) -> CodeLanguage? {
        let name = fenceInfo.split(separator: " ").first.map { $0.lowercased() } ?? ""
        switch name {
        case "swift": return .rules(Families.swift)
        case "python", "py", "python3": return .rules(Families.python)
        case "javascript", "js", "jsx", "mjs", "cjs", "typescript", "ts", "tsx": return .rules(Families.javascript)
        case "go", "golang": return .rules(Families.go)
        case "rust", "rs": return .rules(Families.rust)
        case "c", "h", "cpp", "c++", "cc", "cxx", "hpp", "objc", "objective-c": return .rules(Families.c)
        case "java", "kotlin", "kt", "scala", "csharp", "cs", "c#": return .rules(Families.java)
        case "sh", "bash", "shell", "zsh", "console", "shellsession", "ksh": return .rules(Families.shell)
        case "json", "jsonc", "json5": return .rules(Families.json)
        case "yaml", "yml": return .rules(Families.yaml)
        case "sql", "postgresql", "mysql", "sqlite", "plsql": return .rules(Families.sql)
        case "html", "htm", "xml", "svg", "xhtml": return .markup
        case "diff", "patch", "udiff": return .diff
        default: return nil
        }
    }
}

enum Families {
    static let swift = LanguageRules(
        keywords: [
            "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class", "continue", "default",
            "defer", "deinit", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func", "guard",
            "if", "import", "in", "init", "inout", "internal", "is", "let", "mutating", "nil", "nonisolated", "open", "operator",
            "private", "protocol", "public", "repeat", "rethrows", "return", "self", "Self", "some", "static", "struct",
            "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias", "var", "where", "while",
        ],
        capitalizedAreTypes: true, lineComments: ["//"], blockComment: ("/*", "*/"), multilineQuotes: ["\"\"\""])

    static let python = LanguageRules(
        keywords: [
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
            "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "match",
            "case", "nonlocal", "not", "or", "pass", "raise", "return", "self", "try", "while", "with", "yield",
        ],
        types: ["int", "str", "float", "bool", "list", "dict", "set", "tuple", "bytes", "object", "type"],
        capitalizedAreTypes: true, lineComments: ["#"], quotes: ["\"", "'"], multilineQuotes: ["\"\"\"", "'''"])

    static let javascript = LanguageRules(
        keywords: [
            "abstract", "as", "async", "await", "break", "case", "catch", "class", "const", "continue", "debugger", "declare",
            "default", "delete", "do", "else", "enum", "export", "extends", "false", "finally", "for", "from", "function",
            "get", "if", "implements", "import", "in", "instanceof", "interface", "keyof", "let", "new", "null", "of",
            "private", "protected", "public", "readonly", "return", "set", "static", "super", "switch", "this", "throw",
            "true", "try", "type", "typeof", "undefined", "var", "void", "while", "with", "yield",
        ],
        types: ["string", "number", "boolean", "any", "unknown", "never", "object", "bigint", "symbol"],
        capitalizedAreTypes: true, lineComments: ["//"], blockComment: ("/*", "*/"), quotes: ["\"", "'"], multilineQuotes: ["`"])

    static let go = LanguageRules(
        keywords: [
            "break", "case", "chan", "const", "continue", "default", "defer", "else", "fallthrough", "false", "for", "func",
            "go", "goto", "if", "import", "interface", "iota", "map", "nil", "package", "range", "return", "select", "struct",
            "switch", "true", "type", "var",
        ],
        types: [
            "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8", "int16", "int32", "int64",
            "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "any",
        ],
        capitalizedAreTypes: true, lineComments: ["//"], blockComment: ("/*", "*/"), quotes: ["\"", "'"], multilineQuotes: ["`"])

    static let rust = LanguageRules(
        keywords: [
            "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern", "false", "fn", "for",
            "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static",
            "struct", "super", "trait", "true", "type", "unsafe", "use", "where", "while",
        ],
        types: ["i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32", "f64", "bool", "char", "str"],
        capitalizedAreTypes: true, lineComments: ["//"], blockComment: ("/*", "*/"))

    static let c = LanguageRules(
        keywords: [
            "auto", "break", "case", "catch", "class", "const", "constexpr", "continue", "default", "delete", "do", "else",
            "enum", "explicit", "extern", "false", "for", "friend", "goto", "if", "inline", "namespace", "new", "nullptr",
            "operator", "private", "protected", "public", "register", "return", "sizeof", "static", "struct", "switch",
            "template", "this", "throw", "true", "try", "typedef", "typename", "union", "using", "virtual", "volatile", "while",
            "#include", "#define", "#if", "#ifdef", "#ifndef", "#endif", "#else", "#pragma",
        ],
        types: [
            "bool", "char", "double", "float", "int", "long", "short", "signed", "unsigned", "void", "size_t", "int8_t",
            "int16_t", "int32_t", "int64_t", "uint8_t", "uint16_t", "uint32_t", "uint64_t", "string", "vector",
        ],
        lineComments: ["//"], blockComment: ("/*", "*/"), quotes: ["\"", "'"])

    static let java = LanguageRules(
        keywords: [
            "abstract", "assert", "break", "case", "catch", "class", "const", "continue", "default", "do", "else", "enum",
            "extends", "false", "final", "finally", "for", "fun", "if", "implements", "import", "instanceof", "interface",
            "new", "null", "override", "package", "private", "protected", "public", "record", "return", "static", "super",
            "switch", "synchronized", "this", "throw", "throws", "true", "try", "val", "var", "void", "volatile", "while",
        ],
        types: ["boolean", "byte", "char", "double", "float", "int", "long", "short"],
        capitalizedAreTypes: true, lineComments: ["//"], blockComment: ("/*", "*/"), quotes: ["\"", "'"], multilineQuotes: ["\"\"\""])

    static let shell = LanguageRules(
        keywords: [
            "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac", "in", "function",
            "return", "local", "export", "readonly", "set", "unset", "source", "echo", "exit", "cd", "shift", "trap",
        ],
        lineComments: ["#"], quotes: ["\"", "'"], dollarVariables: true)

    static let json = LanguageRules(keywords: ["true", "false", "null"], lineComments: ["//"], blockComment: ("/*", "*/"))

    static let yaml = LanguageRules(
        keywords: ["true", "false", "null", "yes", "no", "on", "off", "True", "False", "Null", "~"],
        lineComments: ["#"], quotes: ["\"", "'"], keysBeforeColon: true)

    static let sql = LanguageRules(
        keywords: [
            "add", "all", "alter", "and", "as", "asc", "begin", "between", "by", "case", "commit", "create", "cross", "default",
            "delete", "desc", "distinct", "drop", "else", "end", "exists", "false", "foreign", "from", "full", "group", "having",
            "if", "in", "index", "inner", "insert", "into", "is", "join", "key", "left", "like", "limit", "not", "null", "offset",
            "on", "or", "order", "outer", "primary", "references", "returning", "right", "rollback", "select", "set", "table",
            "then", "true", "union", "unique", "update", "values", "view", "when", "where", "with",
        ],
        types: ["int", "integer", "bigint", "smallint", "text", "varchar", "char", "boolean", "date", "timestamp", "real", "float", "numeric", "decimal", "serial", "blob", "json", "jsonb", "uuid"],
        caseInsensitiveKeywords: true, lineComments: ["--"], blockComment: ("/*", "*/"), quotes: ["'", "\""])
}
