import Foundation
import Testing

@testable import NatterUI

@Suite struct ThemeTests {
    static let repositoryThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    @Test func theShippedThemesLoadWithEveryRole() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.repositoryThemes.path).filter { $0.hasSuffix(".json") }
        #expect(Set(names).isSuperset(of: ["dark.json", "light.json", "high-contrast.json", "monochrome.json"]))
        for name in names {
            let path = Self.repositoryThemes.appendingPathComponent(name).path
            let theme = try ThemeLoader.parse(try Data(contentsOf: URL(fileURLWithPath: path)), path: path)
            #expect(Set(theme.colors.keys) == Set(ColorRole.allCases), "\(name) sets every role")
        }
    }

    @Test func theBuiltInThemesShipWithTheBinary() {
        let (themes, problems) = ThemeLoader.loadAll(userDirectory: "/nonexistent")
        #expect(problems.isEmpty)
        #expect(Set(themes.map(\.name)).isSuperset(of: ["dark", "light", "high-contrast", "monochrome"]))
    }

    @Test func valuesInEveryForm() throws {
        let theme = try ThemeLoader.parse(Data(##"{"accent": "#ff8700", "muted": 244, "foreground": "default", "other": 1}"##.utf8), path: "/t/x.json")
        #expect(theme.name == "x")
        #expect(theme.color(.accent) == .rgb(255, 135, 0))
        #expect(theme.color(.muted) == .index(244))
        #expect(theme.color(.foreground) == .terminalDefault)
        #expect(theme.color(.link) == .terminalDefault, "a role left out takes the terminal's colour")
    }

    @Test func aBrokenThemeNamesFileKeyAndExpectedValue() {
        for (json, message) in [
            (#"{"accent": "blue"}"#, "/t/b.json: accent: expected \"#rrggbb\", a palette index 0-255 or \"default\", found \"blue\""),
            (#"{"muted": 300}"#, "/t/b.json: muted: expected \"#rrggbb\", a palette index 0-255 or \"default\", found 300"),
            (#"{"border": true}"#, "/t/b.json: border: expected \"#rrggbb\", a palette index 0-255 or \"default\", found true"),
            ("[1]", "/t/b.json: expected a JSON object, found an array"),
            ("{", "/t/b.json: not valid JSON"),
        ] {
            #expect(throws: ThemeLoader.Problem.self) { try ThemeLoader.parse(Data(json.utf8), path: "/t/b.json") }
            do {
                _ = try ThemeLoader.parse(Data(json.utf8), path: "/t/b.json")
            } catch {
                #expect(error.description == message)
            }
        }
    }

    @Test func wrongTypesNameTheFileTheKeyAndWhatWasFound() {
        let expected = "expected \"#rrggbb\", a palette index 0-255 or \"default\""
        for (json, message) in [
            (#"{"name": 5}"#, "name: expected a string, found 5"),
            (#"{"accent": [1]}"#, "accent: \(expected), found an array"),
            (#"{"muted": -1}"#, "muted: \(expected), found -1"),
            (#"{"link": 1.5}"#, "link: \(expected), found 1.5"),
            (#"{"quote": null}"#, "quote: \(expected), found null"),
            (##"{"code": "#+fffff"}"##, "code: \(expected), found \"#+fffff\""),
        ] {
            do throws(ThemeLoader.Problem) {
                let theme = try ThemeLoader.parse(Data(json.utf8), path: "/t/w.json")
                Issue.record("\(json) loaded as \(theme)")
            } catch {
                #expect(error.description == "/t/w.json: " + message)
            }
        }
    }

    @Test func aUserThemeReplacesABuiltInAndABadOneIsSkipped() throws {
        let directory = NSTemporaryDirectory() + "natter-themes-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(#"{"name": "dark", "accent": 1}"#.utf8).write(to: URL(fileURLWithPath: directory + "/mine.json"))
        try Data(#"{"accent": "nope"}"#.utf8).write(to: URL(fileURLWithPath: directory + "/bad.json"))
        let (themes, problems) = ThemeLoader.loadAll(userDirectory: directory)
        #expect(themes.filter { $0.name == "dark" }.count == 1)
        #expect(themes.first { $0.name == "dark" }?.color(.accent) == .index(1))
        #expect(problems.map(\.path) == [directory + "/bad.json"])
    }

    @Test func hexMapsToTheNearestOf256Colours() {
        #expect(Theme.nearestIndex(0, 0, 0) == 16)
        #expect(Theme.nearestIndex(255, 255, 255) == 231)
        #expect(Theme.nearestIndex(255, 0, 0) == 196)
        #expect(Theme.nearestIndex(0x5f, 0xaf, 0xff) == 75)
        #expect(Theme.nearestIndex(0x80, 0x80, 0x80) == 244)
    }

    @Test func ctrlTChoosesATheme() {
        var state = AppState(providerName: "p", model: "m")
        state.display.themeNames = ["dark", "light"]
        var app = App(state: state)
        _ = app.update(.key(.control("t")))
        #expect(Screen.render(app, width: 60, height: 20).lines.joined().contains("● dark"))
        _ = app.update(.key(.down))
        #expect(app.update(.key(.enter)) == [.applyTheme("light")])
        #expect(app.state.display.themeName == "light")
        #expect(app.state.overlay == nil)
    }
}
