/// Colours one line of code at a time (SPEC 10), carrying across lines only what a line cannot tell by
/// itself: that it starts inside a block comment, a multi-line string or a markup tag. The spans' texts put
/// together are always the line, exactly: the lexer only colours, it never drops or adds a character.
struct CodeLexer {
    /// Where a line starts, when the one before it ended inside something.
    enum Continuation: Sendable, Hashable {
        case none
        case blockComment(close: String)
        case string(close: String)
        case tag
    }

    enum Token {
        case plain, keyword, string, comment, number, type, added, removed
    }

    let language: CodeLanguage

    /// The line's spans, and how the next line starts.
    func lex(_ line: String, from start: Continuation) -> (spans: StyledLine, next: Continuation) {
        var out = SpanBuilder()
        let next: Continuation
        switch language {
        case .rules(let rules): next = lexRules(Array(line), rules, start, into: &out)
        case .diff:
            lexDiff(line, into: &out)
            next = .none
        case .markup: next = lexMarkup(Array(line), start, into: &out)
        }
        return (out.finished, next)
    }

    static func style(_ token: Token) -> Style {
        let role: ColorRole
        switch token {
        case .plain: role = .code
        case .keyword: role = .syntaxKeyword
        case .string: role = .syntaxString
        case .comment: role = .syntaxComment
        case .number: role = .syntaxNumber
        case .type: role = .syntaxType
        case .added: role = .success
        case .removed: role = .error
        }
        return Style(role, background: .codeBackground)
    }

    /// Adjacent pieces of one token become one span.
    struct SpanBuilder {
        private var spans: StyledLine = []
        private var current = ""
        private var token = Token.plain

        mutating func add(_ text: some StringProtocol, _ kind: Token) {
            guard !text.isEmpty else { return }
            if kind != token { flush() }
            token = kind
            current += text
        }

        mutating func add(_ characters: ArraySlice<Character>, _ kind: Token) {
            add(String(characters), kind)
        }

        private mutating func flush() {
            if !current.isEmpty { spans.append(Span(current, CodeLexer.style(token))) }
            current = ""
        }

        var finished: StyledLine {
            mutating get {
                flush()
                return spans
            }
        }
    }

    // MARK: languages by rules

    private func lexRules(_ line: [Character], _ rules: LanguageRules, _ start: Continuation, into out: inout SpanBuilder) -> Continuation {
        var index = 0
        var state = start
        let count = line.count
        func matches(_ text: String, at position: Int) -> Bool {
            var offset = position
            for character in text {
                guard offset < count, line[offset] == character else { return false }
                offset += 1
            }
            return true
        }
        /// The index just past `close` from `position`, skipping backslash escapes when `escapes`.
        func find(_ close: String, from position: Int, escapes: Bool) -> Int? {
            var offset = position
            while offset < count {
                if escapes, line[offset] == "\\" {
                    offset += 2
                    continue
                }
                if matches(close, at: offset) { return offset + close.count }
                offset += 1
            }
            return nil
        }
        let yamlKey = rules.keysBeforeColon ? yamlKey(line) : nil
        while index < count {
            switch state {
            case .blockComment(let close):
                guard let end = find(close, from: index, escapes: false) else {
                    out.add(line[index..<count], .comment)
                    return state
                }
                out.add(line[index..<end], .comment)
                index = end
                state = .none
                continue
            case .string(let close):
                guard let end = find(close, from: index, escapes: true) else {
                    out.add(line[index..<count], .string)
                    return state
                }
                out.add(line[index..<end], .string)
                index = end
                state = .none
                continue
            case .tag, .none:
                state = .none
            }
            let character = line[index]
            if let key = yamlKey, key.contains(index) {
                out.add(line[index..<key.upperBound], .type)
                index = key.upperBound
                continue
            }
            if let comment = rules.lineComments.first(where: { matches($0, at: index) }),
                comment != "#" || index == 0 || line[index - 1].isWhitespace
            {
                out.add(line[index..<count], .comment)
                return .none
            }
            if let block = rules.blockComment, matches(block.open, at: index) {
                let bodyStart = index + block.open.count
                if let end = find(block.close, from: bodyStart, escapes: false) {
                    out.add(line[index..<end], .comment)
                    index = end
                    continue
                }
                out.add(line[index..<count], .comment)
                return .blockComment(close: block.close)
            }
            if let quote = rules.multilineQuotes.first(where: { matches($0, at: index) }) {
                let bodyStart = index + quote.count
                if let end = find(quote, from: bodyStart, escapes: true) {
                    out.add(line[index..<end], .string)
                    index = end
                    continue
                }
                out.add(line[index..<count], .string)
                return .string(close: quote)
            }
            if rules.quotes.contains(character) {
                let end = find(String(character), from: index + 1, escapes: true) ?? count
                out.add(line[index..<min(end, count)], .string)
                index = min(end, count)
                continue
            }
            if rules.dollarVariables, character == "$", index + 1 < count {
                var end = index + 1
                if line[end] == "{" {
                    end = (line[end...].firstIndex(of: "}") ?? count - 1) + 1
                } else {
                    while end < count, line[end].isLetter || line[end].isNumber || line[end] == "_" { end += 1 }
                    if end == index + 1, "?#@*!$0123456789".contains(line[end]) { end += 1 }
                }
                out.add(line[index..<end], end > index + 1 ? .type : .plain)
                index = end
                continue
            }
            let previousIsWord = index > 0 && (line[index - 1].isLetter || line[index - 1].isNumber || line[index - 1] == "_")
            if character.isASCII, character.isNumber, !previousIsWord {
                var end = index + 1
                while end < count, line[end].isLetter || line[end].isNumber || line[end] == "_"
                    || (line[end] == "." && end + 1 < count && line[end + 1].isNumber)
                {
                    end += 1
                }
                out.add(line[index..<end], .number)
                index = end
                continue
            }
            if character.isLetter || character == "_" || (character == "#" && !previousIsWord) {
                var end = index + 1
                while end < count, line[end].isLetter || line[end].isNumber || line[end] == "_" { end += 1 }
                let word = String(line[index..<end])
                out.add(word, classify(word, rules))
                index = end
                continue
            }
            out.add(String(character), .plain)
            index += 1
        }
        return state
    }

    private func classify(_ word: String, _ rules: LanguageRules) -> Token {
        if rules.keywords.contains(rules.caseInsensitiveKeywords ? word.lowercased() : word) { return .keyword }
        if rules.types.contains(rules.caseInsensitiveKeywords ? word.lowercased() : word) { return .type }
        if rules.capitalizedAreTypes, let first = word.first, first.isUppercase { return .type }
        return .plain
    }

    /// Where the `key:` of a YAML line is (its colon included), if the line has one.
    private func yamlKey(_ line: [Character]) -> Range<Int>? {
        var index = 0
        while index < line.count, line[index] == " " { index += 1 }
        if index + 1 < line.count, line[index] == "-", line[index + 1] == " " { index += 2 }
        let keyStart = index
        while index < line.count, line[index] != ":", line[index] != "#", line[index] != "\"", line[index] != "'" { index += 1 }
        guard index > keyStart, index < line.count, line[index] == ":", index + 1 == line.count || line[index + 1] == " " else { return nil }
        return keyStart..<(index + 1)
    }

    // MARK: diff

    private func lexDiff(_ line: String, into out: inout SpanBuilder) {
        let token: Token
        if line.hasPrefix("+++") || line.hasPrefix("---") || line.hasPrefix("diff ") || line.hasPrefix("index ") {
            token = .keyword
        } else if line.hasPrefix("@@") {
            token = .type
        } else if line.hasPrefix("+") {
            token = .added
        } else if line.hasPrefix("-") {
            token = .removed
        } else {
            token = .plain
        }
        out.add(line, token)
    }

    // MARK: HTML and XML

    private func lexMarkup(_ line: [Character], _ start: Continuation, into out: inout SpanBuilder) -> Continuation {
        var index = 0
        var state = start
        let count = line.count
        func matches(_ text: String, at position: Int) -> Bool {
            position + text.count <= count && String(line[position..<(position + text.count)]) == text
        }
        while index < count {
            switch state {
            case .blockComment(let close):
                var end = index
                while end < count, !matches(close, at: end) { end += 1 }
                if end < count {
                    end += close.count
                    state = .none
                }
                out.add(line[index..<end], .comment)
                index = end
            case .tag:
                let character = line[index]
                if character == ">" || (character == "/" && index + 1 < count && line[index + 1] == ">") {
                    let end = character == ">" ? index + 1 : index + 2
                    out.add(line[index..<end], .keyword)
                    index = end
                    state = .none
                } else if character == "\"" || character == "'" {
                    var end = index + 1
                    while end < count, line[end] != character { end += 1 }
                    end = min(count, end + 1)
                    out.add(line[index..<end], .string)
                    index = end
                } else if character.isLetter || character == "_" || character == ":" || character == "-" {
                    var end = index + 1
                    while end < count, line[end].isLetter || line[end].isNumber || "_:-.".contains(line[end]) { end += 1 }
                    out.add(line[index..<end], .type)
                    index = end
                } else {
                    out.add(String(character), .plain)
                    index += 1
                }
            case .none, .string:
                state = .none
                if matches("<!--", at: index) {
                    state = .blockComment(close: "-->")
                    continue
                }
                if line[index] == "<", index + 1 < count, line[index + 1].isLetter || "/!?".contains(line[index + 1]) {
                    var end = index + 1
                    while end < count, line[end].isLetter || line[end].isNumber || "/!?:-_".contains(line[end]) { end += 1 }
                    out.add(line[index..<end], .keyword)
                    index = end
                    state = .tag
                    continue
                }
                if line[index] == "&" {
                    var end = index + 1
                    while end < count, end - index < 12, line[end].isLetter || line[end].isNumber || line[end] == "#" { end += 1 }
                    if end < count, line[end] == ";" {
                        out.add(line[index...end], .number)
                        index = end + 1
                        continue
                    }
                }
                out.add(String(line[index]), .plain)
                index += 1
            }
        }
        return state
    }
}
