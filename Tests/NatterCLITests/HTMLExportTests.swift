import Foundation
import NatterTestSupport
import Testing

/// `natter export ID --format html` as a person shares a conversation: the page opened in headless Chromium
/// (Debian's `chromium`, installed by scripts/ensure-system-packages), its screenshot read pixel by pixel for
/// the table and the coloured code in the light and the dark scheme, and the DOM Chromium built checked for
/// no script, no address outside the page, and a hostile reply's markup shown as text.
@Suite(.serialized) struct HTMLExportTests {
    static let id = "20261207-120000-page"
    static let checker = MCPTestServers.repository + "/Tests/Fixtures/html/page_check.py"
    /// A 48×48 PNG of pure green (#00ff00): where it shows on the page, the image is embedded.
    static let greenPNG =
        "iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAIAAADYYG7QAAAANklEQVR42u3OQQ0AAAgAoetfWls4H2wEoKZfhISEhISEhISEhISEhISEhISEhISEhISEhITuLOeM93lxxIVMAAAAAElFTkSuQmCC"
    static let greenDigest = "c9427e46cb25954864c281489244359b4f3732aa7fd5b619391251d2c301c06c"
    static let hostile = #"<img src=x onerror=alert(1)> <script>alert(2)</script> [click](javascript:alert(3)) ![x](https://evil.example/pixel.png)"#

    /// A conversation with all a page shows: an image and a missing file, a reply with reasoning, a table and
    /// Swift code, another reply folded beside it, a tool call and its result, and a hostile reply.
    static func home() throws -> String {
        let home = try Scratch.home()
        try FileManager.default.createDirectory(atPath: home + "/data/sessions", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: home + "/data/attachments", withIntermediateDirectories: true)
        try Data(base64Encoded: greenPNG)!.write(to: URL(fileURLWithPath: home + "/data/attachments/" + greenDigest))
        func time(_ second: Int) -> String { "2026-12-07T12:00:0\(second)Z" }
        func message(_ id: String, _ parent: String?, _ role: String, _ parts: [[String: Any]], _ second: Int, extra: [String: Any] = [:]) -> [String: Any] {
            var record: [String: Any] = ["type": "message", "id": id, "role": role, "parts": parts, "ts": time(second), "provider": "local", "model": "page-model"]
            if let parent { record["parent"] = parent }
            return record.merging(extra) { $1 }
        }
        let reply = "Here they are:\n\n| Language | Typing |\n| --- | ---: |\n| Swift | static |\n| Python | dynamic |\n\n"
            + "```swift\nlet answer = 42 // the number\nfunc greet() -> String { \"hello\" }\n```\n"
        let records: [[String: Any]] = [
            ["type": "session", "id": id, "created": time(0), "version": 2],
            ["type": "title", "title": "Sharing a <page>"],
            message("u1", nil, "user", [
                ["type": "text", "text": "Compare two languages & show code"],
                ["type": "attachment", "name": "green.png", "media_type": "image/png", "sha256": greenDigest, "bytes": 111],
                ["type": "attachment", "name": "notes.txt", "media_type": "text/plain", "sha256": String(repeating: "0", count: 64), "bytes": 12],
            ], 1),
            message("a1", "u1", "assistant", [["type": "text", "text": "An older answer about **tapirs**."]], 2, extra: ["finish": "stop"]),
            message("a2", "u1", "assistant", [["type": "reasoning", "text": "Let me think <b>hard</b>"], ["type": "text", "text": reply]], 3,
                    extra: ["finish": "stop", "usage": ["input_tokens": 10, "output_tokens": 50, "cost": 0.0123]]),
            message("u2", "a2", "user", [["type": "text", "text": "Now look something up"]], 4),
            message("a3", "u2", "assistant", [["type": "tool_call", "id": "c1", "name": "lookup", "server": "docs", "arguments": #"{"q":"<script>"}"#]], 5,
                    extra: ["finish": "tool_calls"]),
            message("t1", "a3", "tool", [["type": "tool_result", "call_id": "c1", "content": "found </pre><script>alert(4)</script>"]], 6),
            message("a4", "t1", "assistant", [["type": "text", "text": hostile]], 7, extra: ["finish": "stop"]),
        ]
        let lines = try records.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: home + "/data/sessions/\(id).jsonl", atomically: true, encoding: .utf8)
        return home
    }

    /// The page written by the real binary, as a person asks for it.
    static func exportedPage() async throws -> String {
        let home = try home()
        let page = home + "/page.html"
        let (code, _, stderr) = try await NatterProcess.run(["export", "20261207", "--format", "html", "-o", page], home: home)
        #expect(code == 0 && stderr.contains("wrote 7 messages to"), "\(stderr)")
        return page
    }

    @Test func theDOMHasNoScriptNoAddressOutsideThePageAndHostileMarkupAsText() async throws {
        let page = try await Self.exportedPage()
        let dom = try await Self.run(Self.chromium + ["--dump-dom", "file://" + page])
        let domFile = page + ".dom.html"
        try dom.write(toFile: domFile, atomically: true, encoding: .utf8)
        let parsed = try JSONSerialization.jsonObject(with: Data(try await Self.run(["python3", Self.checker, "dom", domFile]).utf8)) as! [String: Any]
        let elements = parsed["elements"] as! [[String: Any]]
        let text = parsed["text"] as! String
        #expect(elements.count > 50, "Chromium built the page: \(elements.count) elements")

        #expect(!elements.contains { $0["tag"] as? String == "script" }, "no script element")
        #expect(!text.contains("url(") && !text.contains("@import"), "the style sheet fetches nothing")
        for element in elements {
            let attributes = element["attrs"] as! [String: String]
            for (name, value) in attributes {
                #expect(!name.hasPrefix("on"), "no event handler: <\(element["tag"]!) \(name)=\(value)>")
                let addresses = value.contains("://") || value.lowercased().hasPrefix("javascript:") || value.hasPrefix("//")
                #expect(!addresses, "no address outside the page: <\(element["tag"]!) \(name)=\(value)>")
            }
        }
        let images = elements.filter { $0["tag"] as? String == "img" }
        #expect(images.count == 1, "the one image the store has, and no image a reply wrote")
        #expect((images.first?["attrs"] as? [String: String])?["src"]?.hasPrefix("data:image/png;base64,iVBOR") == true)

        #expect(text.contains("<img src=x onerror=alert(1)> <script>alert(2)</script>"), "the hostile reply's markup shown as text")
        #expect(text.contains("found </pre><script>alert(4)</script>"), "a tool's result shown as text")
        #expect(text.contains("Sharing a <page>") && text.contains("Let me think <b>hard</b>"))
        #expect(text.contains("An older answer about tapirs"), "the other branch is on the page, folded")
        let folded = elements.contains { $0["tag"] as? String == "details" && ($0["attrs"] as? [String: String])?["class"] == "branches" }
        #expect(folded)
        #expect(text.contains("notes.txt, 12 B, not kept"))
    }

    @Test func chromiumDrawsTheTableAndTheCodeInTheThemesColours() async throws {
        let page = try await Self.exportedPage()
        // The light theme (light.json): keyword #8700af, string #005f00, type #005f87, code background 255, the
        // table's header on selection 254 with heading #875f00 text, borders 250.
        let light = try await Self.colours(page, dark: false, ["8700af", "005f00", "005f87", "eeeeee", "e4e4e4", "875f00", "bcbcbc", "00ff00"])
        #expect(light["8700af"]!.count >= 10 && light["005f00"]!.count >= 5 && light["005f87"]!.count >= 5, "code coloured: \(light)")
        #expect(Self.box(light["8700af"]!, isInside: light["eeeeee"]!), "keywords drawn on the code block: \(light)")
        #expect(light["e4e4e4"]!.count >= 2_000, "the table's header row: \(light)")
        #expect(light["bcbcbc"]!.count >= 300, "the table's borders: \(light)")
        #expect(light["875f00"]!.count >= 20)
        #expect(light["00ff00"]!.count == 48 * 48, "the embedded image, whole: \(light)")

        // The dark theme when the reader's system prefers it: keyword 176 (#d787d7) on code background 235.
        let dark = try await Self.colours(page, dark: true, ["d787d7", "262626", "303030", "8700af"])
        #expect(dark["d787d7"]!.count >= 10 && dark["8700af"]!.count == 0, "dark code colours: \(dark)")
        #expect(Self.box(dark["d787d7"]!, isInside: dark["262626"]!))
        #expect(dark["303030"]!.count >= 2_000, "the table's header row, dark: \(dark)")
    }

    struct Found {
        var count: Int
        var box: [Int]?
    }

    static func box(_ inner: Found, isInside outer: Found) -> Bool {
        guard let a = inner.box, let b = outer.box else { return false }
        return a[0] >= b[0] && a[1] >= b[1] && a[2] <= b[2] && a[3] <= b[3]
    }

    /// A screenshot of the page's top (where the table and the code are), and how many pixels of each colour.
    static func colours(_ page: String, dark: Bool, _ colours: [String]) async throws -> [String: Found] {
        let shot = page + (dark ? ".dark.png" : ".light.png")
        _ = try await run(chromium + (dark ? ["--force-dark-mode"] : []) + ["--window-size=760,640", "--screenshot=" + shot, "file://" + page])
        let json = try JSONSerialization.jsonObject(with: Data(try await run(["python3", checker, "pixels", shot] + colours).utf8)) as! [String: [String: Any]]
        return json.mapValues { Found(count: $0["count"] as! Int, box: $0["box"] as? [Int]) }
    }

    /// Chromium as a test runs it: headless, as root without its sandbox, a profile of its own, one pixel per pixel.
    /// The page is laid out whole before the screenshot (every compositor stage, a virtual time budget): on a busy
    /// machine a screenshot once showed the page only down to its table.
    static var chromium: [String] {
        let profile = NSTemporaryDirectory() + "natter-chromium-" + UUID().uuidString
        return ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile,
                "--hide-scrollbars", "--force-device-scale-factor=1", "--run-all-compositor-stages-before-draw", "--virtual-time-budget=3000"]
    }

    /// Runs a program (at most a minute) and returns what it printed; its failure fails the test. Waited for off
    /// Swift's task threads: Chromium takes seconds, and two runs at once held both of them in CI.
    static func run(_ command: [String]) async throws -> String {
        let (status, printed) = try await OffPool.run(throwing: { () throws -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments = ["60"] + command
            let output = NSTemporaryDirectory() + "natter-run-" + UUID().uuidString
            _ = FileManager.default.createFile(atPath: output, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
            process.standardOutput = handle
            process.standardError = FileHandle.nullDevice
            try process.runWithDefaultSignals()
            process.waitUntilExit()
            try handle.close()
            let printed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: output)
            return (process.terminationStatus, printed)
        })
        #expect(status == 0, "\(command.joined(separator: " ")) exited with \(status)")
        return printed
    }
}
