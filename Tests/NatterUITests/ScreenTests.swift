import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// Whole frames, compared with the screen they stand for.
@Suite struct ScreenTests {
    func app(_ provider: String = "local", _ model: String = "m-1") -> App {
        var app = App(state: AppState(providerName: provider, model: model))
        app.setProviders([
            PickerProvider(name: "local", displayName: "Local", problem: nil, models: [ModelInfo(name: "m-1", contextWindow: 8192)]),
            PickerProvider(
                name: "openai", displayName: "OpenAI", problem: .missing(["OPENAI_API_KEY"]),
                models: [ModelInfo(name: "gpt-x", contextWindow: 400_000, supportsVision: true)]),
        ])
        return app
    }

    /// Returns the reply's id.
    @discardableResult
    func stream(_ app: inout App, question: String, answer: [String], finish: Bool = true) -> String {
        app.play(question: question, answer: answer, finish: finish ? .stop : nil)
    }

    /// The header's cost: every priced reply of every branch summed; nothing while no price is known.
    @Test func theHeaderShowsWhatTheConversationCost() {
        var app = app()
        _ = app.play(question: "free?", answer: ["yes"])
        #expect(!Screen.render(app, width: 100, height: 20).lines[0].contains("$"), "no price, no amount")
        let asked = Message.user("priced", parent: app.state.conversation.activeLeaf)
        _ = app.update(.session(.messageAdded(asked)))
        for (id, cost) in [("r1", 0.0006), ("r2", 0.00035)] {
            _ = app.update(.session(.replyStarted(id: id, parent: asked.id, origin: Origin(provider: "local", model: "m-1"))))
            _ = app.update(.session(.replyEnded(Message(
                id: id, parent: asked.id, role: .assistant, parts: [.text("ok")], origin: Origin(provider: "local", model: "m-1"),
                usage: Usage(inputTokens: 100, outputTokens: 10, cost: cost), finish: .stop))))
        }
        #expect(Screen.render(app, width: 100, height: 20).lines[0].contains(" · $0.00095 · "), "\(Screen.render(app, width: 100, height: 20).lines[0])")
    }

    @Test func aStreamedReplyWithMarkdownAndCode() {
        var app = app()
        stream(&app, question: "Show code", answer: ["## Result\n", "Use `let`:\n", "```swift\n", "let x = 1\n", "```\n", "Done"], finish: false)
        let frame = Screen.render(app, width: 40, height: 16)
        #expect(frame.lines == [
            " natter │ local · m-1 · ~7/8.2k · Show c",  // "Show code": 9 bytes / 4 + 4, an estimate
            "You",
            "Show code",
            "",
            "local · m-1",
            "Result",
            "Use let:",
            "┌─ [1] swift " + String(repeating: "─", count: 27),
            "│ let x = 1",
            "└" + String(repeating: "─", count: 39),
            "Done▌",
            "",
            "",
            String(repeating: "─", count: 40),
            "›",
            " streaming · Esc cancel · PgUp scroll",
        ])
        #expect(frame[0, 5].style == Style(.heading, [.bold]))
        #expect(frame[0, 7].style == Style(.border))
        #expect(frame[2, 8].style == Style(.syntaxKeyword, background: .codeBackground), "`let` in a swift block")
        #expect(frame[6, 8].style == Style(.code, background: .codeBackground), "`x`")
        #expect(frame[10, 8].style == Style(.syntaxNumber, background: .codeBackground), "`1`")
        #expect(frame[4, 10].text == "▌")
        #expect(frame.cursor?.x == 2 && frame.cursor?.y == 14)
    }

    @Test func cjkAndEmojiWrapAtAnOddWidth() {
        var app = app()
        stream(&app, question: "寿司🍣と天ぷら🍤が大好きです", answer: ["はい👍"])
        let frame = Screen.render(app, width: 41, height: 12)
        #expect(Array(frame.lines[1...3]) == ["You", "寿司🍣と天ぷら🍤が大好きです", ""])
        // A cell after a wide character is its right half, never a second character.
        #expect(frame[0, 2].text == "寿" && frame[1, 2].text == "")
    }

    @Test func thePickerMarksAProviderWithoutItsKey() {
        var app = app()
        _ = app.update(.key(.control("p")))
        let frame = Screen.render(app, width: 80, height: 14)
        let text = frame.lines.joined(separator: "\n")
        #expect(text.contains("Local (local)"))
        #expect(text.contains("● m-1"))
        #expect(text.contains("8.2k tools"))
        #expect(text.contains("OpenAI (openai)  missing OPENAI_API_KEY"))
        #expect(text.contains("gpt-x"))
        #expect(text.contains("400k tools vision"))
        // choosing the provider without a key says why instead of switching
        _ = app.update(.paste("gpt"))
        #expect(app.update(.key(.enter)).isEmpty)
        #expect(app.state.status.text?.hasPrefix("openai needs OPENAI_API_KEY: export it") == true, "\(app.state.status.text ?? "")")
    }

    /// F1 is made from every context's bindings: each context's heading and each of its rows is on screen.
    @Test func theHelpOverlayListsEveryKeyOfEveryContext() {
        var app = app()
        _ = app.update(.key(.function(1)))
        let sections = KeyHelp.sections(.standard)
        #expect(Set(sections.map(\.context)) == Set(KeyContext.allCases), "every context has its section")
        let text = Screen.render(app, width: 140, height: HelpOverlay.lines(.standard).count + 8).lines.joined(separator: "\n")
        for section in sections {
            #expect(text.contains(section.context.title), "\(section.context.title) in\n\(text)")
            for row in section.rows { #expect(text.contains("  " + row.keys) && text.contains(row.meaning), "\(row.keys): \(row.meaning) in\n\(text)") }
        }
        _ = app.update(.key(.escape))
        #expect(app.state.overlay == nil)
    }

    /// At 40×10 the help scrolls: every key can be reached, and it says where in the list it is.
    @Test func theHelpScrollsOnASmallTerminal() {
        var app = app()
        _ = app.update(.key(.function(1)))
        var seen = ""
        let lines = HelpOverlay.lines(.standard)
        for _ in 0..<lines.count {
            seen += Screen.render(app, width: 40, height: 10).lines.joined(separator: "\n")
            _ = app.update(.key(.down))
        }
        #expect(seen.contains(" of \(lines.count)"))
        for case .row(let row) in lines { #expect(seen.contains(String(row.keys.prefix(8))), "\(row.keys) reachable by scrolling") }
    }

    @Test func aFortyByTenTerminalStillShowsEverything() {
        var app = app()
        stream(&app, question: "hi", answer: ["hello there"])
        let frame = Screen.render(app, width: 40, height: 10)
        #expect(frame.lines == [
            " natter │ local · m-1 · ~12/8.2k · hi",
            "You",
            "hi",
            "",
            "local · m-1",
            "hello there",
            "",
            String(repeating: "─", count: 40),
            "›",
            " Enter send · Ctrl+J newline",
        ])
    }

    @Test func smallerThanFortyByTenSaysSo() {
        let frame = Screen.render(app(), width: 39, height: 10)
        #expect(frame.lines[0] == "Terminal too small")
    }

    @Test func aHeldViewStaysPutAsTheReplyGrows() {
        var app = app()
        let streamingID = stream(&app, question: "long", answer: (1...60).map { "line \($0)\n\n" }, finish: false)
        _ = Screen.render(app, width: 40, height: 12)
        _ = app.update(.key(.pageUp))
        let before = Screen.render(app, width: 40, height: 12)
        for index in 61...80 { _ = app.update(.session(.text(id: streamingID, "line \(index)\n\n"))) }
        let after = Screen.render(app, width: 40, height: 12)
        #expect(Array(before.lines[1...7]) == Array(after.lines[1...7]))
        _ = app.update(.key(.end))
        #expect(Screen.render(app, width: 40, height: 12).lines.contains { $0.hasPrefix("line 80") })
    }
}
