import Foundation
import NatterTestSupport
import Testing

/// Attachments through the real binary (SPEC 8): `-a` in pipe mode, `natter show`, and the chat in tmux
/// attaching with `@` and Tab, taking a chip off, pasting a dropped file's quoted path, and sending.
@Suite(.serialized) struct AttachmentCLITests {
    /// A provider whose `eyes` model reads images and whose `blind` one does not.
    static func provider(_ server: LoopbackServer) -> String {
        """
        { "name": "vis", "engine": "openai", "host": "\(server.url)/v1",
          "models": [ { "name": "eyes", "supports_vision": true }, { "name": "blind", "supports_vision": false } ],
          "retry": { "max_retries": 0 } }
        """
    }

    static func png(_ count: Int) -> Data {
        var generator = SplitMix64(seed: UInt64(count))
        return Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The data URLs' bytes of the last user message of a chat-completions body.
    static func images(_ request: RecordedRequest) -> [Data] {
        let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]
        let last = (body?["messages"] as? [[String: Any]])?.last { $0["role"] as? String == "user" }
        return (last?["content"] as? [[String: Any]] ?? []).compactMap { part in
            guard let url = (part["image_url"] as? [String: Any])?["url"] as? String else { return nil }
            return Data(base64Encoded: String(url.drop { $0 != "," }.dropFirst()))
        }
    }

    @Test func pipeModeAttachesImagesAndTextAndRefusesWithAReason() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["a cat"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.provider(server), named: "vis", in: home)
        let image = Self.png(40_000)
        try image.write(to: URL(fileURLWithPath: home + "/photo.txt"))  // a misleading name
        try Data("line one\n".utf8).write(to: URL(fileURLWithPath: home + "/notes.md"))

        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-p", "what is it?", "--provider", "vis", "--model", "eyes", "-a", home + "/photo.txt", "--attach", home + "/notes.md"], home: home)
        #expect(code == 0, "\(stderr)")
        #expect(stdout == "a cat\n")
        #expect(server.requests.count == 1)
        #expect(Self.images(server.requests[0]) == [image])
        #expect(server.requests[0].bodyText.contains(#"what is it?\n\nnotes.md\n```\nline one\n```"#))
        let kept = try FileManager.default.contentsOfDirectory(atPath: home + "/data/attachments")
        #expect(kept.count == 2)

        // `natter show` lists them, and says where each is kept.
        let sessions = try FileManager.default.contentsOfDirectory(atPath: home + "/data/sessions").filter { $0.hasSuffix(".jsonl") }
        let id = try #require(sessions.first).replacingOccurrences(of: ".jsonl", with: "")
        let (_, shown, _) = try await NatterProcess.run(["show", id], home: home)
        #expect(shown.contains("[image photo.txt, 40 kB, \(home)/data/attachments/"), "\(shown)")
        #expect(shown.contains("[text notes.md, 9 B, "))

        // A model without vision is sent nothing, and the person is told what to do.
        let (refused, _, why) = try await NatterProcess.run(
            ["-p", "and this?", "--provider", "vis", "--model", "blind", "-a", home + "/photo.txt"], home: home)
        #expect(refused == 1)
        #expect(why == "natter: not sent: vis · blind does not take images; pass --model with one that does (`natter models vis` marks them)\n")
        // A file natter cannot send is refused before anything is asked.
        let (bad, _, badWhy) = try await NatterProcess.run(["-p", "x", "--provider", "vis", "--model", "eyes", "-a", home], home: home)
        #expect(bad == 1)
        #expect(badWhy.hasPrefix("natter: cannot attach: \((home as NSString).lastPathComponent) is a directory"), "\(badWhy)")
        #expect(server.requests.count == 1, "neither refusal reached the server")
    }

    /// A file is stored only when a saved message names it (issue 28, point 6): `--no-save`, a model without
    /// vision, a file refused, a server that is never reached — none leaves a copy in the store.
    @Test func theStoreKeepsOnlyWhatASavedMessageNames() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["seen"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.provider(server), named: "vis", in: home)
        try Data("the secret plan\n".utf8).write(to: URL(fileURLWithPath: home + "/secret.txt"))
        try Self.png(5_000).write(to: URL(fileURLWithPath: home + "/cat.png"))
        func stored() -> [String] { (try? FileManager.default.contentsOfDirectory(atPath: home + "/data/attachments")) ?? [] }

        let refusals: [[String]] = [
            ["-p", "read it", "--provider", "vis", "--model", "eyes", "--no-save", "-a", home + "/secret.txt"],
            ["-p", "look", "--provider", "vis", "--model", "blind", "-a", home + "/cat.png"],
            ["-p", "look", "--provider", "vis", "--model", "eyes", "-a", home + "/cat.png", "-a", home + "/nowhere.png"],
            ["-p", "look", "--provider", "closed", "--model", "eyes", "-a", home + "/cat.png"],
        ]
        let closed = try ClosedPort()
        try Scratch.provider(
            #"{ "name": "closed", "engine": "openai", "host": "http://127.0.0.1:\#(closed.port)/v1", "models": [ { "name": "eyes", "supports_vision": true } ], "retry": { "max_retries": 0 } }"#,
            named: "closed", in: home)
        for arguments in refusals {
            _ = try await NatterProcess.run(arguments, home: home)
            #expect(stored().isEmpty, "nothing stored after \(arguments): \(stored())")
        }
        #expect(server.requests.count == 1, "only the --no-save question reached the server")

        let (code, _, stderr) = try await NatterProcess.run(["-p", "look", "--provider", "vis", "--model", "eyes", "-a", home + "/cat.png"], home: home)
        #expect(code == 0, "\(stderr)")
        #expect(stored().count == 1, "a saved message names it: kept")
    }

    @Test func dashAWithoutAPromptOpensTheChatWithTheChip() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["noted"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.provider(server), named: "vis", in: home)
        let image = Self.png(2500)
        try image.write(to: URL(fileURLWithPath: home + "/shot.png"))
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "vis", "--model", "eyes", "-a", home + "/shot.png"]))
        #expect(await tmux.wait(forText: "[image shot.png 2 kB]"), "\(tmux.text)")
        try ChatUITests.ask(tmux, "see?")
        #expect(await tmux.wait(forText: "noted"), "\(tmux.text)")
        #expect(Self.images(try #require(server.requests.first { $0.method == "POST" })) == [image])
        try tmux.send("C-c")
    }

    @Test func attachingInTheChatWithAtTabChipsAndAPastedPath() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["I see them"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.provider(server), named: "vis", in: home)
        let work = home + "/work"
        try FileManager.default.createDirectory(atPath: work + "/pics", withIntermediateDirectories: true)
        let first = Self.png(3000)
        let dropped = Self.png(5000)
        try first.write(to: URL(fileURLWithPath: work + "/pics/kitten.png"))
        try Data("unwanted\n".utf8).write(to: URL(fileURLWithPath: work + "/pics/other notes.txt"))
        try dropped.write(to: URL(fileURLWithPath: work + "/holiday photo.png"))

        let line = "cd \(NatterCommand.quote(work)) && " + NatterCommand.line(home: home, arguments: ["--provider", "vis", "--model", "eyes"])
        let tmux = try TmuxSession(line)
        #expect(await tmux.wait(forText: "Enter send"), "\(tmux.text)")

        // @ and Tab: the folder completes, then the file, which becomes a chip.
        try tmux.type("look at @pi")
        try tmux.send("Tab")
        #expect(await tmux.wait(forText: "look at @pics/"), "\(tmux.text)")
        try tmux.type("k")
        try tmux.send("Tab")
        #expect(await tmux.wait(forText: "[image kitten.png 3 kB]"), "\(tmux.text)")
        // A second chip, then taken off again with Backspace at the start of the input.
        try tmux.send("C-a")
        try tmux.type("@pics/ot")
        try tmux.send("Tab")
        #expect(await tmux.wait(forText: "[text other notes.txt 9 B]"), "\(tmux.text)")
        try tmux.send("C-a")
        try tmux.send("BSpace")
        #expect(await tmux.wait { !$0.joined().contains("other notes.txt 9 B]") && $0.joined().contains("[image kitten.png 3 kB]") }, "\(tmux.text)")
        // A dropped file, as a terminal pastes it: quoted, with a space in its name.
        try tmux.send("C-e")
        try tmux.command("set-buffer", "-b", "drop", "'\(work)/holiday photo.png' ")
        try tmux.command("paste-buffer", "-p", "-b", "drop", "-t", tmux.name)
        #expect(await tmux.wait(forText: "[image holiday photo.png 5 kB]"), "\(tmux.text)")
        try tmux.type("please")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "I see them"), "\(tmux.text)")

        #expect(server.requests.count == 1)
        #expect(Self.images(server.requests[0]) == [first, dropped], "both images, whole, in the order attached")
        #expect(!server.requests[0].bodyText.contains("unwanted"), "the chip taken off is not sent")
        #expect(server.requests[0].bodyText.contains("look at please"), "\(server.requests[0].bodyText.prefix(300))")
        let screen = tmux.text
        #expect(screen.contains("[image kitten.png 3 kB]") && screen.contains("[image holiday photo.png 5 kB]"), "the sent message shows them: \(screen)")

        // A model without vision: refused on the status line, the draft and chip kept.
        try tmux.send("C-p")
        #expect(await tmux.wait(forText: "blind"))
        try tmux.type("blind")
        try tmux.send("Enter")
        #expect(await tmux.wait { $0.first?.contains("vis · blind") == true }, "\(tmux.text)")
        try tmux.type("@pics/kitten.png again")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "not sent: vis · blind does not take images"), "\(tmux.text)")
        #expect(tmux.text.contains("› again"))
        #expect(server.requests.filter { $0.method == "POST" }.count == 1, "the picker's model list aside, nothing more was asked")
        try tmux.send("C-c")
    }
}
