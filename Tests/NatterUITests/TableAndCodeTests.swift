import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterUI

/// Reading replies (SPEC 10): tables drawn to their columns and coloured code, frame by frame.
@Suite struct TableAndCodeTests {
    func lines(_ markdown: String, width: Int) -> [String] {
        MarkdownRenderer.render(markdown, width: width).map { $0.map(\.text).joined() }
    }

    // MARK: tables

    @Test func aTableIsDrawnToItsColumnsWithAlignment() {
        let table = """
            | Left | Centre | Right |
            |:-----|:------:|------:|
            | a | b | 1 |
            | longer cell | c | 22.5 |
            """
        #expect(lines(table, width: 60) == [
            "┌─────────────┬────────┬───────┐",
            "│ Left        │ Centre │ Right │",
            "├─────────────┼────────┼───────┤",
            "│ a           │   b    │     1 │",
            "│ longer cell │   c    │  22.5 │",
            "└─────────────┴────────┴───────┘",
        ])
        let rendered = MarkdownRenderer.render(table, width: 60)
        #expect(rendered[1].contains { $0.text == "Left" && $0.style == Style(.heading, [.bold]) }, "the header row is styled")
    }

    @Test func cjkAndEmojiCountTwoCellsAndMarkupIsNotCounted() {
        let table = """
            | 名前 | **x** |
            |---|---|
            | 東京🗼 | `y` |
            """
        #expect(lines(table, width: 40) == [
            "┌────────┬───┐",
            "│ 名前   │ x │",
            "├────────┼───┤",
            "│ 東京🗼 │ y │",
            "└────────┴───┘",
        ])
    }

    @Test func aTableWiderThanThePaneWrapsItsWidestColumn() {
        let table = """
            | id | description |
            |---|---|
            | 1 | a description far too long for the narrow pane it is drawn in |
            """
        let drawn = lines(table, width: 30)
        #expect(drawn.allSatisfy { DisplayWidth.of($0) <= 30 }, "\(drawn)")
        #expect(drawn == [
            "┌────┬───────────────────────┐",
            "│ id │ description           │",
            "├────┼───────────────────────┤",
            "│ 1  │ a description far too │",
            "│    │ long for the narrow   │",
            "│    │ pane it is drawn in   │",
            "└────┴───────────────────────┘",
        ])
    }

    @Test func whatIsNotATableStaysText() {
        #expect(lines("a | b\nno delimiter | here", width: 40) == ["a | b", "no delimiter | here"])
        #expect(lines("| a | b |\n|---|\n| c | d |", width: 40) == ["| a | b |", "|---|", "| c | d |"], "the delimiter row must match the header")
        #expect(lines("```\n| a | b |\n|---|---|\n```", width: 30)[1] == "│ | a | b |", "in code it is code")
        #expect(!lines("| a |\n|---|", width: 4).contains { $0.hasPrefix("┌") }, "too narrow for its columns")
        #expect(lines("| a |\n|---|", width: 6).first == "┌───┐")
        #expect(MarkdownTable.cells(#"| a \| b | `c|d` |"#) == [#"a | b"#, "`c|d`"], "escaped and code pipes stay in the cell")
    }

    @Test func columnsFitByCappingTheWidest() {
        #expect(MarkdownTable.fitted([3, 10, 40], into: 60) == [3, 10, 40])
        #expect(MarkdownTable.fitted([3, 10, 40], into: 30) == [3, 10, 17])
        #expect(MarkdownTable.fitted([30, 30], into: 21) == [11, 10])
    }

    // MARK: code

    /// A line's spans as `text` for plain code and `[role:text]` for coloured pieces.
    func annotated(_ markdown: String, width: Int = 80) -> [String] {
        MarkdownRenderer.render(markdown, width: width).dropFirst().dropLast().map { line in
            line.dropFirst().map { span in
                let role = span.style.foreground
                guard role != .code else { return span.text }
                let short: String = switch role {
                case .syntaxKeyword: "k"
                case .syntaxString: "s"
                case .syntaxComment: "c"
                case .syntaxNumber: "n"
                case .syntaxType: "t"
                case .success: "+"
                case .error: "-"
                default: role.rawValue
                }
                return "[\(short):\(span.text)]"
            }.joined()
        }
    }

    static let fixtures: [(language: String, code: String, expected: [String])] = [
        ("swift", "let x: Int = 0x1F // hex\nfunc f() -> String { \"a\\\"b\" }",
         ["[k:let] x: [t:Int] = [n:0x1F] [c:// hex]", "[k:func] f() -> [t:String] { [s:\"a\\\"b\"] }"]),
        ("python", "def f(n: int) -> None:\n    s = '''doc\n    more''' # c",
         ["[k:def] f(n: [t:int]) -> [k:None]:", "    s = [s:'''doc]", "[s:    more'''] [c:# c]"]),
        ("typescript", "const t = `a ${b}` as string; /* c */ 1.5",
         ["[k:const] t = [s:`a ${b}`] [k:as] [t:string]; [c:/* c */] [n:1.5]"]),
        ("go", "func main() { var s string = `raw` }",
         ["[k:func] main() { [k:var] s [t:string] = [s:`raw`] }"]),
        ("rust", "fn main() { let v: Vec<u8> = vec![1]; }",
         ["[k:fn] main() { [k:let] v: [t:Vec]<[t:u8]> = vec![[n:1]]; }"]),
        ("cpp", "#include <stdio.h>\nint main() { return 'x'; }",
         ["[k:#include] <stdio.h>", "[t:int] main() { [k:return] [s:'x']; }"]),
        ("java", "public class A { String s = \"x\"; }",
         ["[k:public] [k:class] [t:A] { [t:String] s = [s:\"x\"]; }"]),
        ("bash", "if [ -n \"$HOME\" ]; then echo $PATH # go\nfi",
         ["[k:if] [ -n [s:\"$HOME\"] ]; [k:then] [k:echo] [t:$PATH] [c:# go]", "[k:fi]"]),
        ("json", "{\"a\": [1, true, null]}",
         ["{[s:\"a\"]: [[n:1], [k:true], [k:null]]}"]),
        ("yaml", "name: natter # app\nlist:\n  - on: true",
         ["[t:name:] natter [c:# app]", "[t:list:]", "  - [t:on:] [k:true]"]),
        ("sql", "SELECT id FROM t WHERE n = 'a' -- c",
         ["[k:SELECT] id [k:FROM] t [k:WHERE] n = [s:'a'] [c:-- c]"]),
        ("html", "<a href=\"x\">hi &amp;</a><!-- c -->",
         ["[k:<a] [t:href]=[s:\"x\"][k:>]hi [n:&amp;][k:</a>][c:<!-- c -->]"]),
        ("diff", "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-old\n+new\n same",
         ["[k:--- a/f]", "[k:+++ b/f]", "[t:@@ -1 +1 @@]", "[-:-old]", "[+:+new]", " same"]),
    ]

    @Test func everyListedLanguageIsColoured() {
        for fixture in Self.fixtures {
            let rendered = annotated("```\(fixture.language)\n\(fixture.code)\n```")
            #expect(rendered == fixture.expected, "\(fixture.language)")
        }
    }

    @Test func anUnknownLanguageStaysPlainAndBlocksAreNumbered() {
        #expect(annotated("```brainfuck\nlet x = 1\n```") == ["let x = 1"])
        #expect(lines("```swift\nlet a = 1\n```\n```go\nvar b\n```", width: 30).filter { $0.hasPrefix("┌") }
            == ["┌─ [1] swift " + String(repeating: "─", count: 17), "┌─ [2] go " + String(repeating: "─", count: 20)])
    }

    @Test func aBlockCommentCarriesAcrossLinesAndAWrappedLineKeepsItsColours() {
        #expect(annotated("```c\nint a; /* one\ntwo */ int b;\n```") == ["[t:int] a; [c:/* one]", "[c:two */] [t:int] b;"])
        let wrapped = annotated("```swift\nlet value = \"a long string\"\n```", width: 16)
        #expect(wrapped == ["[k:let] value = [s:\"a]", "[s: long string\"]"])
    }

    @Test func everyBuiltInThemeColoursTheSyntaxRoles() throws {
        let (themes, problems) = ThemeLoader.loadAll(userDirectory: "/nonexistent")
        #expect(problems.isEmpty)
        for theme in themes {
            for role in [ColorRole.syntaxKeyword, .syntaxString, .syntaxComment, .syntaxNumber, .syntaxType] {
                #expect(theme.colors[role] != nil, "\(theme.name) sets \(role)")
            }
        }
        let old = Theme(name: "old", colors: [.code: .index(100)])
        #expect(old.color(.syntaxKeyword) == .index(100), "a theme without them shows code in its code colour")
    }

    /// Random lines in every language, each lexed from every state a line can start in: no crash, and the
    /// spans always put back the line exactly.
    @Test func theLexersKeepEveryCharacterOfAnyInput() async {
        let languages = ["swift", "python", "js", "go", "rust", "c", "java", "sh", "json", "yaml", "sql", "html", "diff"].compactMap(CodeLanguage.named)
        let pieces = [
            "\"", "'", "`", "\"\"\"", "'''", "\\", "/*", "*/", "//", "#", "--", "<!--", "-->", "<", ">", "/>", "&amp;", "&", ";",
            "$", "${", "}", "{", "0x", "1", "2.5", "e9", "_", "let", "func", "SELECT", "if", "Type", "key:", ": ", " ", "  ", "\t",
            "日本", "🇯🇵", "e\u{301}", "\u{200D}", "+", "-", "@@", "=", "x", "\u{FFFD}",
        ]
        let starts: [CodeLexer.Continuation] = [.none, .blockComment(close: "*/"), .blockComment(close: "-->"), .string(close: "\"\"\""), .string(close: "`"), .tag]
        let failures = await FuzzRun().run { generator in
            var line = ""
            for _ in 0..<Int.random(in: 0...24, using: &generator) { line += pieces.randomElement(using: &generator)! }
            let lexer = CodeLexer(language: languages.randomElement(using: &generator)!)
            let start = starts.randomElement(using: &generator)!
            let (spans, _) = lexer.lex(line, from: start)
            let back = spans.map(\.text).joined()
            return back == line ? nil : "\(line.debugDescription) from \(start) came back as \(back.debugDescription)"
        }
        for failure in failures.prefix(5) { Issue.record(Comment(rawValue: failure)) }
    }
}
