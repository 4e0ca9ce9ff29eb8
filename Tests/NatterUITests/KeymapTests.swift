import Foundation
import NatterProviders
import Testing

@testable import NatterUI

@Suite struct KeymapTests {
    static let path = "/home/me/.config/natter/config.json"

    func keys(_ json: String) throws -> (keymap: Keymap, warnings: [String]) {
        guard case .object(let document) = try JSONValue.parse(Data(json.utf8)) else { throw CancellationError() }
        return Keymap.parse(document["keys"], path: Self.path)
    }

    @Test func theDefaultsAreSPEC5s() {
        let keymap = Keymap.standard
        #expect(keymap.action(for: .enter) == .send)
        #expect(keymap.action(for: .newline) == .newline)
        #expect(keymap.action(for: .control("p")) == .picker)
        #expect(keymap.action(for: .function(2)) == .cycleModels)
        #expect(keymap.action(for: .control("c")) == .quit)
        #expect(keymap.action(for: .character("p")) == nil)
        #expect(keymap.label(.newline) == "Ctrl+J, Alt+Enter")
        #expect(Set(Keymap.Action.allCases.flatMap(keymap.keys)).count == Keymap.Action.allCases.count, "no key bound twice")
    }

    @Test func keyNamesInEveryForm() {
        #expect(Keymap.key(named: "ctrl+o") == .control("o"))
        #expect(Keymap.key(named: "Ctrl+O") == .control("o"))
        #expect(Keymap.key(named: "C-o") == .control("o"))
        #expect(Keymap.key(named: "ctrl+j") == .newline)
        #expect(Keymap.key(named: "alt+enter") == .newline)
        #expect(Keymap.key(named: "f2") == .function(2))
        #expect(Keymap.key(named: "F12") == .function(12))
        #expect(Keymap.key(named: "pgup") == .pageUp)
        #expect(Keymap.key(named: "PageDown") == .pageDown)
        #expect(Keymap.key(named: "shift+up") == .shiftUp)
        #expect(Keymap.key(named: "esc") == .escape)
        for unknown in ["p", "ctrl+", "ctrl+1", "ctrl+shift+p", "alt+x", "f13", "f0", "", "hyper+q"] {
            #expect(Keymap.key(named: unknown) == nil, "\(unknown)")
        }
    }

    @Test func anActionMovesToItsNewKeysAndLeavesTheOld() throws {
        let (keymap, warnings) = try keys(#"{"keys": {"picker": "ctrl+o", "help": ["f1", "f10"]}}"#)
        #expect(warnings.isEmpty)
        #expect(keymap.action(for: .control("o")) == .picker)
        #expect(keymap.action(for: .control("p")) == nil)
        #expect(keymap.keys(for: .help) == [.function(1), .function(10)])
        #expect(keymap.label(.help) == "F1, F10")
        #expect(keymap.action(for: .control("s")) == .sessions, "the rest keep their defaults")
    }

    @Test func aKeyTakenFromAnotherActionLeavesThatActionUnbound() throws {
        let (keymap, warnings) = try keys(#"{"keys": {"picker": "ctrl+s"}}"#)
        #expect(warnings.isEmpty)
        #expect(keymap.action(for: .control("s")) == .picker)
        #expect(keymap.keys(for: .sessions).isEmpty)
        #expect(keymap.label(.sessions) == "none")
        let (swapped, _) = try keys(#"{"keys": {"picker": "ctrl+s", "sessions": "ctrl+p"}}"#)
        #expect(swapped.action(for: .control("p")) == .sessions)
        #expect(swapped.action(for: .control("s")) == .picker)
    }

    @Test func badEntriesAreSkippedWithAWarningNamingTheFileTheKeyAndWhatWasExpected() throws {
        let (keymap, warnings) = try keys(#"""
            {"keys": {"pickr": "ctrl+o", "themes": 5, "help": "ctrl+shift+h", "copy": ["ctrl+k", true],
                      "editor": "x", "send": "ctrl+k"}}
            """#)
        #expect(warnings == [
            "\(Self.path): keys.copy[1]: expected a key name such as \"ctrl+o\", found true; skipped",
            "\(Self.path): keys.editor: \"x\" is not a key natter can bind; expected e.g. ctrl+o, alt+enter, f2, pgup, shift+up, home, esc; skipped",
            "\(Self.path): keys.help: \"ctrl+shift+h\" is not a key natter can bind; expected e.g. ctrl+o, alt+enter, f2, pgup, shift+up, home, esc; skipped",
            "\(Self.path): keys.pickr: not an action natter knows; expected one of \(Keymap.Action.allCases.map(\.rawValue).joined(separator: ", ")); skipped",
            "\(Self.path): keys.send: \"ctrl+k\" is already bound to copy; skipped",
            "\(Self.path): keys.themes: expected a key name such as \"ctrl+o\", or a list of them, found 5; skipped",
        ])
        // What could be used was; what could not kept its default.
        #expect(keymap.keys(for: .copy) == [.control("k")])
        #expect(keymap.keys(for: .themes) == [.control("t")])
        #expect(keymap.keys(for: .help) == [.function(1)])
        #expect(keymap.keys(for: .editor) == [.control("g")])
        #expect(keymap.keys(for: .send) == [.enter])
    }

    @Test func keysOfTheWrongTypeOrABrokenFileKeepTheDefaults() throws {
        let (keymap, warnings) = try keys(#"{"keys": ["ctrl+o"]}"#)
        #expect(keymap == .standard)
        #expect(warnings == ["\(Self.path): keys: expected an object of action names to key names, found an array; skipped"])
        #expect(try keys(#"{"theme": "dark"}"#).keymap == .standard)
        #expect(try keys(#"{"theme": "dark"}"#).warnings.isEmpty)
        #expect(Keymap.load(configFile: "/nonexistent/config.json").warnings.isEmpty)
    }

    @Test func theAppAndTheHelpFollowTheKeymap() throws {
        var state = AppState(providerName: "p", model: "m")
        state.display.keymap = try keys(#"{"keys": {"picker": "ctrl+o", "help": "f10"}}"#).keymap
        var app = App(state: state)
        #expect(app.update(.key(.control("p"))).isEmpty)
        #expect(app.state.overlay == nil, "the old key does nothing")
        #expect(app.update(.key(.control("o"))) == [.discoverModels])
        #expect(app.state.overlay == .picker(PickerState()))
        _ = app.update(.key(.control("o")))
        #expect(app.state.overlay == nil, "the picker's own key closes it again")
        _ = app.update(.key(.function(10)))
        #expect(app.state.overlay == .help(top: 0))
        let screen = Screen.render(app, width: 80, height: 24).lines.joined(separator: "\n")
        #expect(screen.contains("Ctrl+O") && screen.contains("provider and model picker"))
        #expect(screen.contains("F10") && !screen.contains("Ctrl+P"))
        _ = app.update(.key(.function(10)))
        #expect(app.state.overlay == nil)
        #expect(Screen.render(app, width: 100, height: 24).lines.last?.contains("Ctrl+O model · F2 recent · F10 help") == true)
    }
}
