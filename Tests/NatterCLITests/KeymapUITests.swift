import Foundation
import Testing

/// `"keys"` in config.json, in the real binary and a real terminal.
@Suite(.serialized) struct KeymapUITests {
    @Test func aRemappedPickerKeyOpensThePickerAndABadEntryIsShownNotFatal() async throws {
        let home = try Scratch.home()
        try Data(#"{"keys": {"picker": "ctrl+o", "themes": 5}}"#.utf8).write(to: URL(fileURLWithPath: home + "/config/config.json"))
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]), width: 120, height: 30)
        // The bad entry is reported on the status line, and natter runs on.
        #expect(await tmux.wait(forText: "keys.themes: expected a key name"))

        try tmux.send("C-p")
        try tmux.send("F1")
        #expect(await tmux.wait(forText: "╭─ Keys"))
        #expect(!tmux.text.contains("filter:"), "Ctrl+P no longer opens the picker")
        #expect(tmux.text.contains("Ctrl+O") && !tmux.text.contains("Ctrl+P"), "the help shows the keys in effect")
        try tmux.send("Escape")
        #expect(await tmux.wait { !$0.joined(separator: "\n").contains("╭─ Keys") })

        try tmux.send("C-o")
        #expect(await tmux.wait(forText: "filter:"))
    }
}

/// Ctrl+K, the command palette, in the real binary: typing finds an action, Enter runs it.
@Suite(.serialized) struct PaletteUITests {
    @Test func ctrlKFindsAnActionByTypingAndEnterRunsIt() async throws {
        let home = try Scratch.home()
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "ollama", "--model", "m"]), width: 120, height: 30)
        #expect(await tmux.wait(forText: "Enter send"))
        try tmux.send("C-k")
        #expect(await tmux.wait(forText: "╭─ Actions"))
        #expect(tmux.text.contains("Ctrl+S") && tmux.text.contains("saved sessions"), "actions listed with their keys")
        try tmux.type("theme")
        #expect(await tmux.wait(forText: "> theme"))
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "╭─ Theme"), "the theme picker opened, as Ctrl+T opens it")
        #expect(!tmux.text.contains("╭─ Actions"))
    }
}
