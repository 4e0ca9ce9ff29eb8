import Foundation
import Testing

@testable import NatterUI

/// vi editing as a pure value (issue 33, point 3): a table of drafts, keys and what they leave — the text, the
/// caret and the register — and the same keys typed through the app the way the terminal delivers them.
@Suite struct ViEditorTests {
    /// A row: the draft with `|` where normal mode's caret is, the keys (⎋ is Esc, ® is Ctrl+R), and the draft
    /// they leave with its caret, and the register when it matters.
    struct Row: CustomTestStringConvertible, Sendable {
        var start: String
        var keys: String
        var end: String
        var register: String?
        var testDescription: String { "\(start.debugDescription) + \(keys)" }

        init(_ start: String, _ keys: String, _ end: String, register: String? = nil) {
            (self.start, self.keys, self.end, self.register) = (start, keys, end, register)
        }
    }

    static let rows: [Row] = [
        // motions
        Row("|one two three", "w", "one |two three"),
        Row("|one two three", "2w", "one two |three"),
        Row("|one two", "e", "on|e two"),
        Row("one two |three", "b", "one |two three"),
        Row("one two |three", "2b", "|one two three"),
        Row("|abc\ndef", "$", "ab|c\ndef"),
        Row("ab|c", "0", "|abc"),
        Row("  a|b", "^", "  |ab"),
        Row("|abcdef", "3l", "abc|def"),
        Row("|abcdef", "99l", "abcde|f"),
        Row("a\nb\n|c", "gg", "|a\nb\nc"),
        Row("|a\nb\nc", "G", "a\nb\n|c"),
        Row("|a\nb\nc", "2G", "a\n|b\nc"),
        Row("ab|c\nd\nefg", "2j", "abc\nd\nef|g"),
        Row("abc\n|d", "k", "|abc\nd"),
        Row("word, |next", "b", "word|, next"),
        Row("abcde|f\nab\nabcdef", "jj", "abcdef\nab\nabcde|f"),
        Row("a|bc\nabcdef\nx", "$jk", "ab|c\nabcdef\nx"),
        Row("a|bc\nabcdef\nx", "$j", "abc\nabcde|f\nx"),
        Row("abcde|f\nab\nabcdef", "jhj", "abcdef\nab\n|abcdef"),
        // operators with motions
        Row("hello |there world", "dw", "hello |world", register: "there "),
        Row("|one two three four", "2dw", "|three four"),
        Row("|one two three four", "d2w", "|three four"),
        Row("one |two\nthree", "dw", "one| \nthree", register: "two"),
        Row("|one two", "de", "| two", register: "one"),
        Row("ab|cd", "d$", "a|b", register: "cd"),
        Row("ab|cd", "d0", "|cd", register: "ab"),
        Row("one |two", "db", "|two", register: "one "),
        Row("a\n|b\nc", "dj", "|a", register: "b\nc"),
        Row("a\nb\n|c", "dgg", "|", register: "a\nb\nc"),
        Row("|a\nb\nc", "dG", "|", register: "a\nb\nc"),
        Row("|one two", "cwnew⎋", "ne|w two"),
        Row("|a b", "cwx⎋", "|x b"),
        Row("one |two", "yw", "one |two", register: "two"),
        // whole lines
        Row("a\n|b\nc", "dd", "a\n|c", register: "b"),
        Row("a\nb\n|c", "dd", "a\n|b", register: "c"),
        Row("|a\nb\nc", "2dd", "|c", register: "a\nb"),
        Row("|a\nb", "ddp", "b\n|a"),
        Row("|a\nb", "yyP", "|a\na\nb"),
        Row("|a\nb", "yyp", "a\n|a\nb"),
        Row("  |ab\ncd", "ccx⎋", "|x\ncd"),
        // characters
        Row("ab|c", "x", "a|b", register: "c"),
        Row("|abcd", "3x", "|d", register: "abc"),
        Row("|ab\ncd", "99999999x", "|\ncd", register: "ab"),
        Row("|ab", "xp", "b|a"),
        Row("|ab", "xP", "|ab"),
        Row("|ab", "yl3p", "aaa|ab"),
        Row("ab|cd", "D", "a|b", register: "cd"),
        Row("ab|cd", "Cxy⎋", "abx|y"),
        // inserting
        Row("|a", "ob⎋", "a\n|b"),
        Row("|a", "Ob⎋", "|b\na"),
        Row("  a|b", "Ax⎋", "  ab|x"),
        Row("  a|b", "Ix⎋", "  |xab"),
        Row("a|b", "ax⎋", "ab|x"),
        Row("a|b", "ix⎋", "a|xb"),
        // undo and redo
        Row("hello |there world", "dwu", "hello |there world"),
        Row("hello |there world", "dwu®", "hello |world"),
        Row("|ab", "iXY⎋u", "|ab"),
        Row("|abc", "xxuu", "|abc"),
        Row("|abc", "xxuu®", "|bc"),
        Row("|abc", "u", "|abc"),
        Row("|one two", "cwnew⎋u", "|one two"),
        // visual
        Row("|one two", "vey", "|one two", register: "one"),
        Row("|abc", "vlx", "|c", register: "ab"),
        Row("a\n|b\nc", "Vd", "a\n|c", register: "b"),
        Row("|one two", "velohd", "|two"),
        Row("|ab cd", "yeWvep", "a|b cd"),
        Row("|ab cd", "yewvep", "ab a|b"),
        Row("|abc", "vlcX⎋", "|Xc"),
        Row("|abc", "vv", "|abc"),
        Row("|abc", "vl⎋x", "a|c"),
        // found in review: counts across lines, empty lines as words, an operator with nothing to take
        Row("|a b\nc d e", "3dw", "|d e"),
        Row("|a\n\n\nb", "w", "a\n|\n\nb"),
        Row("a\n|\n\nb", "dw", "a\n|\nb"),
        Row("a\n\n|\nb", "b", "a\n|\n\nb"),
        Row("abc\n|\ndef", "cwX⎋", "abc\n|X\ndef"),
        Row("|a\nb", "5dj", "|", register: "a\nb"),
        Row("a\n|b", "dj", "a\n|b"),
        Row("|abc", "xua⎋®", "|bc"),
        Row("|foo\n\nx", "yejDp", "foo\nfo|o\nx", register: "foo"),
        Row("a\n|b", "ykp", "a\n|a\nb\nb"),
        Row("|x\n  ab", "jyykP", "  |ab\nx\n  ab"),
        // words as objects, finding on the line, replacing
        Row("one |two three", "diw", "one | three", register: "two"),
        Row("one t|wo three", "daw", "one |three", register: "two "),
        Row("one |two", "daw", "on|e", register: " two"),
        Row("one |two three", "ciwX⎋", "one |X three"),
        Row("one |two", "ci(", "one |two"),
        Row("|a,b,c", "f,", "a|,b,c"),
        Row("|a,b,c", "2f,", "a,b|,c"),
        Row("|a,b,c", "dt,", "|,b,c", register: "a"),
        Row("|a,b,c", "df,", "|b,c", register: "a,"),
        Row("a,b,|c", "F,", "a,b|,c"),
        Row("a,b,|c", "dT,", "a,b,|c"),
        Row("a,b|,c", "T,", "a,|b,c"),
        Row("|a,b,c", "fz", "|a,b,c"),
        Row("|abc", "rx", "|xbc"),
        Row("|abc", "2rx", "x|xc"),
        Row("|abc", "5rx", "|abc"),
        // what waits
        Row("|one two", "dqw", "one |two"),
        Row("|one two", "rⓧ", "|ⓧne two"),
        Row("|one two", "d⎋w", "one |two"),
        Row("|one two", "dyw", "one |two"),
        Row("|one two", "gx", "|one two"),
    ]

    /// The draft without its `|`, with the caret there.
    static func buffer(_ marked: String) -> InputBuffer {
        var buffer = InputBuffer(marked.replacingOccurrences(of: "|", with: ""))
        buffer.moveCaret(to: marked.distance(from: marked.startIndex, to: marked.firstIndex(of: "|") ?? marked.endIndex))
        return buffer
    }

    static func marked(_ buffer: InputBuffer) -> String {
        var text = buffer.text
        text.insert("|", at: buffer.caret)
        return String(text)
    }

    /// Keys into the editor as the app hands them over: each through the mode's bindings, or typed in insert mode.
    static func press(_ keys: String, _ editor: inout ViEditor, _ buffer: inout InputBuffer) {
        for character in keys {
            let key: Key = character == "⎋" ? .escape : character == "®" ? .control("r") : .character(character)
            switch editor.mode {
            case .insert:
                if key == .escape { editor.leaveInsertMode(&buffer) } else { buffer.insert(String(character)) }
            case .normal, .visual:
                // As the app hands keys over: a character awaited, or one with no command, as itself.
                let bindings = editor.mode == .normal ? ViCommand.normalBindings : ViCommand.visualBindings
                var command = bindings.command(for: key)
                if editor.awaitsCharacter || command == nil { command = .character(character) }
                _ = editor.perform(command!, on: &buffer)
            }
        }
    }

    @Test(arguments: rows) func keysLeaveTheDraftCaretAndRegister(row: Row) {
        var editor = ViEditor(mode: .normal)
        var buffer = Self.buffer(row.start)
        Self.press(row.keys, &editor, &buffer)
        #expect(Self.marked(buffer) == row.end)
        if let register = row.register { #expect(editor.register.text == register) }
        #expect(editor.mode == .normal, "every row ends in normal mode")
    }

    @Test func aYankGoesToTheClipboardAndADeleteDoesNot() {
        var editor = ViEditor(mode: .normal)
        var buffer = Self.buffer("|one two")
        #expect(editor.perform(.operate(.delete), on: &buffer) == .done)
        #expect(editor.perform(.motion(.wordForward), on: &buffer) == .done)
        #expect(editor.perform(.operate(.yank), on: &buffer) == .done)
        #expect(editor.perform(.operate(.yank), on: &buffer) == .yanked("two"))
    }

    @Test func upAndDownPastTheDraftAreTheHistorys() {
        var editor = ViEditor(mode: .normal)
        var buffer = Self.buffer("|a\nb")
        #expect(editor.perform(.motion(.up), on: &buffer) == .pastFirstLine)
        #expect(editor.perform(.motion(.down), on: &buffer) == .done)
        #expect(editor.perform(.motion(.down), on: &buffer) == .pastLastLine)
    }

    @Test func escWithNothingPendingIsTheChatsAndWithAnOperatorDropsIt() {
        var editor = ViEditor(mode: .normal)
        var buffer = Self.buffer("|a")
        #expect(editor.perform(.escape, on: &buffer) == .notVi)
        _ = editor.perform(.digit(3), on: &buffer)
        #expect(editor.pendingKeys == "3")
        _ = editor.perform(.operate(.delete), on: &buffer)
        #expect(editor.pendingKeys == "3d")
        #expect(editor.perform(.escape, on: &buffer) == .done)
        #expect(editor.pendingKeys.isEmpty)
    }

    @Test func undoKeepsAFixedNumberOfSteps() {
        var editor = ViEditor(mode: .normal)
        var buffer = InputBuffer(String(repeating: "x", count: 300))
        buffer.moveCaret(to: 0)
        for _ in 0..<300 { _ = editor.perform(.deleteCharacter, on: &buffer) }
        for _ in 0..<300 { _ = editor.perform(.undo, on: &buffer) }
        #expect(buffer.text.count == ViEditor.undoDepth, "the oldest steps were let go")
    }

    /// Through the app, as the terminal delivers keys (each printable key as one character of text): Esc leaves
    /// insert mode, `dw` deletes, `u` brings it back, Enter sends from normal mode and the next draft is typed.
    @Test func typedThroughTheAppAsTheTerminalDeliversThem() {
        var state = AppState(providerName: "p", model: "m")
        state.composer.vi = ViEditor()
        var app = App(state: state)
        for character in "hello there world" { _ = app.update(.paste(String(character))) }
        _ = app.update(.key(.escape))
        #expect(app.state.keyContext == .viNormal)
        for character in "bb" { _ = app.update(.paste(String(character))) }
        _ = app.update(.paste("dw"))  // typed fast: two keys in one read
        #expect(app.state.composer.input.string == "hello world")
        _ = app.update(.paste("u"))
        #expect(app.state.composer.input.string == "hello there world")
        let yanked = app.update(.paste("yy"))
        #expect(yanked == [.copyToClipboard("hello there world", what: "the yanked text")])
        let sent = app.update(.key(.enter))
        #expect(sent == [.send("hello there world", attachments: [])])
        #expect(app.state.composer.vi?.mode == .insert, "each draft starts in insert mode")
        _ = app.update(.paste("q"))
        #expect(app.state.composer.input.string == "q")
    }

    /// A paste in normal mode is put before the caret as one step for u, never run as commands; Esc pressed
    /// again in normal mode keeps the draft (the chat's Esc would clear it) unless a reply is streaming.
    @Test func aPasteInNormalModeIsTextAndEscKeepsTheDraft() {
        var state = AppState(providerName: "p", model: "m")
        state.composer.vi = ViEditor(mode: .normal)
        state.composer.input = InputBuffer("ab")
        state.composer.input.moveCaret(to: 1)
        var app = App(state: state)
        _ = app.update(.paste("please fix dd"))
        #expect(app.state.composer.input.string == "aplease fix ddb")
        #expect(app.state.composer.vi?.mode == .normal)
        _ = app.update(.paste("u"))
        #expect(app.state.composer.input.string == "ab")
        #expect(app.update(.key(.escape)) == [])
        #expect(app.update(.key(.escape)) == [])
        #expect(app.state.composer.input.string == "ab", "Esc out of habit loses nothing")
    }

    /// The chat's editing keys in normal mode are steps for u like vi's own.
    @Test func theShellKeysInNormalModeAreUndoneToo() {
        var state = AppState(providerName: "p", model: "m")
        state.composer.vi = ViEditor(mode: .normal)
        state.composer.input = InputBuffer("one two")
        var app = App(state: state)
        _ = app.update(.key(.control("w")))
        #expect(app.state.composer.input.string == "one ")
        _ = app.update(.paste("u"))
        #expect(app.state.composer.input.string == "one two")
    }

    /// A counted put too large to make is refused with why, not built.
    @Test func anAbsurdPutIsRefused() {
        var editor = ViEditor(mode: .normal)
        var buffer = InputBuffer(String(repeating: "x", count: 1_000_000))
        buffer.moveCaret(to: 0)
        _ = editor.perform(.operate(.yank), on: &buffer)
        _ = editor.perform(.motion(.lineEnd), on: &buffer)
        for digit in [9, 9, 9, 9] { _ = editor.perform(.digit(digit), on: &buffer) }
        guard case .refused = editor.perform(.put(before: false), on: &buffer) else { return #expect(Bool(false)) }
        #expect(buffer.string.utf8.count == 1_000_000, "nothing was put")
    }

    /// A key vi does not know types nothing in normal mode, and Esc there still cancels a streaming reply.
    @Test func normalModeTypesNothingAndEscStillCancels() {
        var state = AppState(providerName: "p", model: "m")
        state.composer.vi = ViEditor(mode: .normal)
        state.composer.input = InputBuffer("draft")
        state.reply.isReplying = true
        var app = App(state: state)
        _ = app.update(.paste("z"))
        #expect(app.state.composer.input.string == "draft")
        #expect(app.update(.key(.escape)) == [.cancelReply])
    }

    /// Esc and a key typed quickly after it reach natter as ESC and the key in one read, which decodes as
    /// Alt+key: in vi's modes it is both keys.
    @Test func escAndAKeyTypedFastAreBothKeys() {
        var state = AppState(providerName: "p", model: "m")
        state.composer.vi = ViEditor()
        var app = App(state: state)
        for character in "one two" { _ = app.update(.paste(String(character))) }
        var decoder = KeyDecoder()
        for input in decoder.decode([.character(27), .character(UInt32(UInt8(ascii: "b")))]) {
            guard case .key(let key) = input else { continue }
            _ = app.update(.key(key))
        }
        #expect(app.state.composer.vi?.mode == .normal)
        #expect(app.state.composer.input.caret == 4, "b moved to the word's start")
    }

    @Test func setInputSwitchesAndIsRemembered() {
        var app = App(state: AppState(providerName: "p", model: "m"))
        for character in "/set input vi" { _ = app.update(.paste(String(character))) }
        #expect(app.update(.key(.enter)) == [.rememberInputStyle(.vi)])
        #expect(app.state.composer.vi != nil)
        for character in "/set input ed" { _ = app.update(.paste(String(character))) }
        #expect(app.update(.key(.enter)) == [])
        #expect(app.state.status.isError)
    }
}
