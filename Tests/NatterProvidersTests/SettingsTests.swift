import Foundation
import Testing

@testable import NatterProviders

@Suite struct SettingsTests {
    @Test func updatingKeepsEveryOtherKeyAPersonWrote() throws {
        let path = NSTemporaryDirectory() + "natter-settings-\(UUID().uuidString)/config.json"
        try TestFiles.write(#"{"keymap": {"send": "enter"}, "theme": "light"}"#, to: path)

        try Settings.update(at: path) {
            $0.lastProvider = "groq"
            $0.lastModel = "llama"
        }

        let settings = Settings.load(from: path)
        #expect(settings == Settings(lastProvider: "groq", lastModel: "llama", theme: "light"))
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect((document?["keymap"] as? [String: String]) == ["send": "enter"])
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    }

    @Test func aMissingOrBrokenFileGivesEmptySettings() throws {
        #expect(Settings.load(from: "/nonexistent/config.json") == Settings())
        let path = NSTemporaryDirectory() + "natter-settings-\(UUID().uuidString).json"
        try TestFiles.write("{ not json", to: path)
        #expect(Settings.load(from: path) == Settings())
    }
}
