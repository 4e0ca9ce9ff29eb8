import NatterProviders
import Testing

@testable import NatterUI

/// Key bindings carry their words: the command a key means, F1's rows and the hint rows come from one list.
@Suite struct KeyBindingsTests {
    enum Move: Equatable, Sendable { case up, down, close }

    static let sample = KeyBindings<Move>(.tree, [
        KeyBinding([.up], .up, "move", hint: "move"),
        KeyBinding([.down], .down, "move", hint: "move"),
        KeyBinding([.escape, .control("c")], .close, "close", hint: "close"),
    ])

    @Test func theFirstBindingHoldingAKeyDecidesAndTheRestIsTypedOrNothing() {
        #expect(Self.sample.command(for: .down) == .down)
        #expect(Self.sample.command(for: .control("c")) == .close)
        #expect(Self.sample.command(for: .character("x")) == nil)
        #expect(Self.sample.command(for: .character("x"), typing: { _ in .close }) == .close)
        #expect(Self.sample.command(for: .tab, typing: { _ in .close }) == nil, "only characters are typed")
    }

    @Test func neighboursWithTheSameWordsShareARowAndAHint() {
        #expect(Self.sample.helpRows == [KeyHelp.Row(keys: "↑/↓", meaning: "move"), KeyHelp.Row(keys: "Esc, Ctrl+C", meaning: "close")])
        #expect(Self.sample.hints() == "↑/↓ move · Esc close", "a hint names the first key")
        #expect(Self.sample.hints { $0 != .close } == "↑/↓ move")

        // Bindings with as many keys pair up key by key, a shared "Shift+" said once; unequal ones follow on.
        let paired = KeyBindings<Move>(.tree, [
            KeyBinding([.up, .shiftUp, .character("k")], .up, "move"), KeyBinding([.down, .shiftDown, .character("j")], .down, "move"),
            KeyBinding([.pageUp], .up, "page"), KeyBinding([.pageDown, .character(" ")], .down, "page"),
            KeyBinding([.wheelUp], .up, "wheel"), KeyBinding([.wheelDown], .down, "wheel"),
        ])
        #expect(paired.helpRows.map(\.keys) == ["↑/↓, Shift+↑/↓, k/j", "PgUp/PgDn, Space", "wheel up/down"])
    }

    /// Within one context no key may mean two things: the second binding would never be reached.
    @Test func noContextBindsOneKeyTwice() {
        func keys<Command>(_ bindings: KeyBindings<Command>) -> (KeyContext, [Key]) { (bindings.context, bindings.list.flatMap(\.keys)) }
        let keymap = Keymap.standard
        let contexts: [(KeyContext, [Key])] = [
            keys(KeyHelp.chat(keymap)), keys(InputCommand.bindings), keys(SelectionCommand.bindings(keymap)),
            keys(CompareCommand.bindings(keymap)), keys(PickerOverlay.bindings(keymap, marking: false)),
            keys(PickerOverlay.bindings(keymap, marking: true)), keys(SessionsOverlay.bindings(keymap, mode: .list)),
            keys(SessionsOverlay.bindings(keymap, mode: .search)), keys(ReviewBar.bindings(keymap)), keys(PromptBar.bindings),
            keys(TreeOverlay.bindings(keymap)), keys(FindBar.bindings(keymap, navigating: true)), keys(ToolsOverlay.bindings(keymap)),
            keys(ApprovalOverlay.bindings), keys(SettingsOverlay.bindings(keymap)), keys(RolesOverlay.bindings),
            keys(ThemeOverlay.bindings(keymap)), keys(HelpOverlay.bindings(keymap)), keys(PaletteOverlay.bindings(keymap)), keys(HistoryOverlay.bindings(keymap)),
            keys(ViCommand.normalBindings), keys(ViCommand.visualBindings),
        ]
        #expect(Set(contexts.map(\.0)) == Set(KeyContext.allCases))
        for (context, list) in contexts {
            var seen = Set<Key>()
            for key in list { #expect(seen.insert(key).inserted, "\(context): \(key) bound twice") }
        }
    }

    /// A command moved in config.json moves in every context that closes with it, and in F1 and the hints.
    @Test func aMovedKeyMovesEverywhereItIsSaid() {
        let (keymap, warnings) = Keymap.parse(.object(["tree": .string("ctrl+o"), "compare": .string("f5"), "help": .string("f10")]), path: "config.json")
        #expect(warnings.isEmpty)
        #expect(TreeOverlay.bindings(keymap).command(for: .control("o")) == .close)
        #expect(TreeOverlay.bindings(keymap).command(for: .control("b")) == nil)
        #expect(HelpOverlay.bindings(keymap).command(for: .function(10)) == .close)
        #expect(KeyHelp.chat(keymap).hints().contains("F10 help"))
        #expect(KeyHelp.sections(keymap).first?.rows.contains(KeyHelp.Row(keys: "Ctrl+O", meaning: Keymap.Action.tree.help)) == true)
    }

    /// The selection's hint row says only what applies to the message: versions with siblings, code with blocks.
    @Test func theSelectionHintSaysWhatAppliesToThisMessage() {
        let all = SelectionCommand.bindings(.standard).hints()
        #expect(all.contains("←/→ versions") && all.contains("1–9 copy code") && all.hasSuffix("Esc leave"))
        let plain = SelectionCommand.bindings(.standard).hints { command in
            if case .copyBlock = command { return false }
            if case .sibling = command { return false }
            return command != .fold
        }
        #expect(plain == "↑/↓ move · e edit · r ask again · y copy · Esc leave")
    }
}
