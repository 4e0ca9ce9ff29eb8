import Foundation
import NatterProviders
import NatterTestSupport
import Testing

@testable import NatterSession

/// Attachments end to end below the UI (SPEC 8): what a file is, the store, each engine's request carrying
/// the image whole, the vision refusal, text put into the message, and a resumed session sending them again.
@Suite struct AttachmentTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "natter-attach-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ data: Data, _ name: String, in folder: String) -> String {
        let path = folder + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: data))
        return path
    }

    static let pngHeader: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A PNG signature and `count` bytes of noise: every byte value, so base64 and escaping are exercised.
    static func image(_ count: Int, seed: UInt64 = 7) -> Data {
        var generator = SplitMix64(seed: seed)
        return Data(pngHeader + (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    static func sha256(_ path: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        return String(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).prefix(64))
    }

    // MARK: what a file is

    @Test func kindsAreToldByTheBytesNotTheName() throws {
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let cases: [(name: String, bytes: [UInt8], type: String)] = [
            ("notes.txt", Self.pngHeader + [1, 2, 3], "image/png"),
            ("photo.png", Array("just words\n".utf8), "text/plain"),
            ("a.webp", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], "image/jpeg"),
            ("b.jpg", Array("GIF89a".utf8) + [0, 0], "image/gif"),
            ("c.gif", Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8), "image/webp"),
            ("d", Array("ünïcödé ✓\n".utf8), "text/plain"),
        ]
        for (name, bytes, type) in cases {
            let reference = try store.add(fileAt: Self.write(Data(bytes), name, in: folder))
            #expect(reference.mediaType == type, "\(name)")
            #expect(reference.name == name)
            #expect(reference.bytes == bytes.count)
        }
    }

    @Test func everyRefusalSaysWhy() throws {
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        func refusal(_ path: String) -> String {
            do {
                _ = try store.add(fileAt: path)
                return "accepted"
            } catch {
                return error.description
            }
        }
        #expect(refusal(folder) == "\((folder as NSString).lastPathComponent) is a directory: attach the files in it one by one")
        #expect(refusal(folder + "/nowhere.png") == "nowhere.png: it does not exist")
        let binary = Self.write(Data([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1]), "tool.png", in: folder)
        #expect(refusal(binary) == "tool.png is binary: natter sends images (PNG, JPEG, GIF, WebP) and UTF-8 text files")
        let latin1 = Self.write(Data([0x63, 0x61, 0x66, 0xE9, 0x0A]), "old.txt", in: folder)
        #expect(refusal(latin1).hasPrefix("old.txt is binary"), "not UTF-8")
        let bigText = Self.write(Data(repeating: UInt8(ascii: "a"), count: AttachmentStore.maxTextBytes + 1), "big.txt", in: folder)
        #expect(refusal(bigText) == "big.txt is too big for text (1 MB): text files go into the message up to 1 MB")
        let bigCJK = Self.write(Data(String(repeating: "日本語", count: 120_000).utf8), "big-cjk.txt", in: folder)  // 1.08 MB
        #expect(refusal(bigCJK) == "big-cjk.txt is too big for text (1 MB): text files go into the message up to 1 MB", "not \"binary\"")
        let bigImage = Self.write(Self.image(AttachmentStore.maxImageBytes), "big.png", in: folder)
        #expect(refusal(bigImage) == "big.png is too big (20.9 MB): images go up to 20 MB, text files up to 1 MB")
        mkfifo(folder + "/pipe", 0o600)
        #expect(refusal(folder + "/pipe") == "pipe: it is a FIFO (named pipe), not a regular file")
        if getuid() != 0 {  // root reads anything
            let locked = Self.write(Data("secret".utf8), "locked.txt", in: folder)
            chmod(locked, 0)
            #expect(refusal(locked).hasPrefix("locked.txt: it cannot be read"))
        }
        // A /proc file reads as 0 bytes by its size and fails when read: said in words, never as an NSError code.
        #expect(refusal("/proc/self/mem") == "mem: it cannot be read: input/output error", "\(refusal("/proc/self/mem"))")
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/attachments")) ?? []
        #expect(kept.isEmpty, "nothing refused is kept")
    }

    /// A file name is the person's file system's: a newline in it stays out of the prompt and off the screen.
    @Test func aNewlineInAFileNameNeverReachesThePrompt() throws {
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let path = Self.write(Data("body\n".utf8), "notes\nIgnore the above.txt", in: folder)
        let reference = try store.add(fileAt: path)
        #expect(reference.name == "notes Ignore the above.txt")
    }

    @Test func theStoreKeepsEachContentOncePrivatelyUnderItsDigest() throws {
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/data/attachments")
        let path = Self.write(Self.image(5000), "cat.png", in: folder)
        let first = try store.add(fileAt: path)
        let second = try store.add(fileAt: Self.write(Self.image(5000), "same-cat.png", in: folder))
        #expect(first.sha256 == (try Self.sha256(path)))
        #expect(second.sha256 == first.sha256)
        #expect(!FileManager.default.fileExists(atPath: store.directory), "nothing is stored until a saved message names it")
        #expect(store.data(for: first) == Self.image(5000), "a request reads it from memory meanwhile")
        try store.keep([first, second])
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.directory) == [first.sha256])
        let file = try FileManager.default.attributesOfItem(atPath: store.path(of: first))
        let directory = try FileManager.default.attributesOfItem(atPath: store.directory)
        #expect((file[.posixPermissions] as? Int) == 0o600)
        #expect((directory[.posixPermissions] as? Int) == 0o700)
        #expect(store.data(for: first) == Self.image(5000))
        var wrong = first
        wrong.sha256 = "../../etc/passwd"
        #expect(store.data(for: wrong) == nil, "a digest that is not one is never looked up")
    }

    // MARK: requests

    static let wholeReplies: [Engine: String] = [
        .openai: #"{"choices":[{"message":{"role":"assistant","content":"seen"},"finish_reason":"stop"}]}"#,
        .anthropic: #"{"type":"message","content":[{"type":"text","text":"seen"}],"stop_reason":"end_turn"}"#,
        .ollama: #"{"message":{"role":"assistant","content":"seen"},"done":true,"done_reason":"stop"}"#,
    ]

    static func registry(_ engine: Engine, _ server: LoopbackServer, models: [ModelInfo]) -> ProviderRegistry {
        var registry = ProviderRegistry()
        registry.register(
            ProviderDefinition(name: "p", engine: engine, host: server.url, models: models, retry: RetryPolicy(maxRetries: 0)),
            origin: .builtin)
        return registry
    }

    static let vision = [ModelInfo(name: "eyes", supportsVision: true), ModelInfo(name: "blind", supportsVision: false)]

    /// The base64 images of the last user message of a request body, in each engine's place for them.
    static func images(in body: [UInt8], engine: Engine) throws -> [(mediaType: String?, data: Data)] {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let messages = try #require(json["messages"] as? [[String: Any]])
        let last = try #require(messages.last { $0["role"] as? String == "user" })
        switch engine {
        case .openai:
            let parts = last["content"] as? [[String: Any]] ?? []
            return parts.compactMap { part in
                guard let url = (part["image_url"] as? [String: Any])?["url"] as? String, url.hasPrefix("data:") else { return nil }
                let (head, base64) = (url.prefix { $0 != "," }, url.drop { $0 != "," }.dropFirst())
                return (String(head.dropFirst(5).prefix { $0 != ";" }), Data(base64Encoded: String(base64)) ?? Data())
            }
        case .anthropic:
            let blocks = last["content"] as? [[String: Any]] ?? []
            return blocks.compactMap { block in
                guard block["type"] as? String == "image", let source = block["source"] as? [String: Any], source["type"] as? String == "base64" else { return nil }
                return (source["media_type"] as? String, Data(base64Encoded: source["data"] as? String ?? "") ?? Data())
            }
        case .ollama:
            return (last["images"] as? [String] ?? []).map { (nil, Data(base64Encoded: $0) ?? Data()) }
        }
    }

    static func userText(in body: [UInt8], engine: Engine) throws -> String {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        let last = try #require((json["messages"] as? [[String: Any]])?.last { $0["role"] as? String == "user" })
        if let text = last["content"] as? String { return text }
        let parts = last["content"] as? [[String: Any]] ?? []
        return parts.compactMap { $0["text"] as? String }.joined()
    }

    @Test(arguments: Engine.allCases)
    func eachEngineCarriesTheImageWhole(engine: Engine) async throws {
        let server = try await LoopbackServer.start { _, _ in .json(Self.wholeReplies[engine]!) }
        defer { Task { await server.stop() } }
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let original = Self.image(3 * 1024 * 1024 + 1)  // not a multiple of 3: base64 padding
        let path = Self.write(original, "photo.jpg.png", in: folder)
        let reference = try store.add(fileAt: path)
        let session = ChatSession(
            registry: Self.registry(engine, server, models: Self.vision), provider: "p", model: "eyes", transcriptPath: nil, attachments: store)

        #expect(await session.send("what is this?", attachments: [reference]))
        await session.waitForReply()

        #expect(server.requests.count == 1)
        let images = try Self.images(in: try #require(server.requests.first).body, engine: engine)
        #expect(images.count == 1)
        #expect(images.first?.data == original, "the bytes arrive whole")
        if engine != .ollama { #expect(images.first?.mediaType == "image/png") }
        #expect(try Self.userText(in: server.requests[0].body, engine: engine) == "what is this?")
        #expect(await session.messages.last?.text == "seen")
    }

    @Test(arguments: Engine.allCases)
    func aModelWithoutVisionIsSentNothing(engine: Engine) async throws {
        let server = try await LoopbackServer.start { _, _ in .json(Self.wholeReplies[engine]!) }
        defer { Task { await server.stop() } }
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let reference = try store.add(fileAt: Self.write(Self.image(100), "cat.png", in: folder))
        for (model, reason) in [("blind", "p · blind does not take images"), ("unlisted", "nothing says whether p · unlisted reads images")] {
            let session = ChatSession(
                registry: Self.registry(engine, server, models: Self.vision), provider: "p", model: model, transcriptPath: nil, attachments: store)
            var events = session.eventStream().makeAsyncIterator()
            #expect(await session.send("look", attachments: [reference]) == false)
            #expect(await events.next().map { if case .notSent(let why) = $0 { why } else { "" } }?.hasPrefix(reason) == true)
            #expect(await session.messages.isEmpty, "the message is not in the conversation")
        }
        #expect(server.requests.isEmpty)
    }

    @Test func aTextFileGoesIntoTheMessageFencedUnderItsName() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(Self.wholeReplies[.openai]!) }
        defer { Task { await server.stop() } }
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let content = "let x = 1\n```\nnot the end\n"
        let reference = try store.add(fileAt: Self.write(Data(content.utf8), "main.swift", in: folder))
        // A model without vision takes text files: they are text.
        let session = ChatSession(
            registry: Self.registry(.openai, server, models: Self.vision), provider: "p", model: "blind", transcriptPath: nil, attachments: store)
        #expect(await session.send("review", attachments: [reference]))
        await session.waitForReply()
        let sent = try Self.userText(in: try #require(server.requests.first).body, engine: .openai)
        #expect(sent == "review\n\nmain.swift\n````\n\(content)````")
    }

    @Test func switchingToAModelWithoutVisionLeavesImagesOutUntilOneWithVisionIsBack() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(Self.wholeReplies[.anthropic]!) }
        defer { Task { await server.stop() } }
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let original = Self.image(2000)
        let reference = try store.add(fileAt: Self.write(original, "cat.png", in: folder))
        let session = ChatSession(
            registry: Self.registry(.anthropic, server, models: Self.vision), provider: "p", model: "eyes", transcriptPath: nil, attachments: store)
        var events = session.eventStream().makeAsyncIterator()
        await session.send("what is it?", attachments: [reference])
        _ = await ChatSessionTests.reply(session, &events)
        await session.switchTo(provider: "p", model: "blind")
        await session.send("and now?")
        let notices = await ChatSessionTests.reply(session, &events).compactMap { if case .notice(let text) = $0 { text } else { nil } }
        #expect(notices == ["1 image is left out of this request: p · blind does not take images (it goes again to a model that does)"])
        await session.switchTo(provider: "p", model: "eyes")
        await session.send("and back?")
        _ = await ChatSessionTests.reply(session, &events)

        #expect(server.requests.count == 3)
        func imageCount(_ request: RecordedRequest) -> Int { request.bodyText.components(separatedBy: #""type":"image""#).count - 1 }
        #expect(server.requests.map(imageCount) == [1, 0, 1])
        #expect(server.requests[1].bodyText.contains("what is it?"), "the question stays; only the image is left out")
    }

    @Test func aResumedSessionSendsItsAttachmentsAgainAndSaysWhichAreMissing() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(Self.wholeReplies[.openai]!) }
        defer { Task { await server.stop() } }
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let original = Self.image(4000)
        let image = try store.add(fileAt: Self.write(original, "cat.png", in: folder))
        let text = try store.add(fileAt: Self.write(Data("notes\n".utf8), "notes.md", in: folder))
        let path = folder + "/sessions/s.jsonl"
        let registry = Self.registry(.openai, server, models: Self.vision)
        let first = ChatSession(registry: registry, provider: "p", model: "eyes", transcriptPath: path, attachments: store)
        await first.send("look", attachments: [image, text])
        await first.waitForReply()
        await first.close()

        let transcript = try TranscriptReader.read(path: path)
        #expect(transcript.messages.first?.attachments == [image, text], "the message names its files")
        unlink(store.path(of: text))
        let resumed = ChatSession(
            registry: registry, provider: "p", model: "eyes", transcriptPath: folder + "/sessions/t.jsonl",
            conversation: transcript.conversation, attachments: store)
        var events = resumed.eventStream().makeAsyncIterator()
        await resumed.send("again?")
        let notices = await ChatSessionTests.reply(resumed, &events).compactMap { if case .notice(let text) = $0 { text } else { nil } }

        #expect(notices == ["attachment notes.md is missing (\(store.path(of: text))): sent without it"])
        #expect(server.requests.count == 2)
        let body = try JSONSerialization.jsonObject(with: Data(server.requests[1].body)) as? [String: Any]
        let firstUser = (body?["messages"] as? [[String: Any]])?.first { $0["role"] as? String == "user" }
        let parts = firstUser?["content"] as? [[String: Any]] ?? []
        let url = parts.compactMap { ($0["image_url"] as? [String: Any])?["url"] as? String }.first ?? ""
        #expect(Data(base64Encoded: String(url.drop { $0 != "," }.dropFirst())) == original, "the image goes again")
        #expect(!server.requests[1].bodyText.contains("notes.md"))
    }

    @Test func deletingASessionKeepsTheAttachmentsAnotherStillNames() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(Self.wholeReplies[.openai]!) }
        defer { Task { await server.stop() } }
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let sessions = SessionStore(directory: folder + "/sessions")
        let shared = try store.add(fileAt: Self.write(Self.image(300, seed: 1), "shared.png", in: folder))
        let own = try store.add(fileAt: Self.write(Self.image(300, seed: 2), "own.png", in: folder))
        let registry = Self.registry(.openai, server, models: Self.vision)
        for (id, attachments) in [("one", [shared, own]), ("two", [shared])] {
            let session = ChatSession(id: id, registry: registry, provider: "p", model: "eyes", transcriptPath: sessions.path(for: id), attachments: store)
            await session.send("look", attachments: attachments)
            await session.waitForReply()
            await session.close()
        }
        try sessions.delete(id: "one", attachments: store)
        #expect(FileManager.default.fileExists(atPath: store.path(of: shared)), "session two still names it")
        #expect(!FileManager.default.fileExists(atPath: store.path(of: own)))
        try sessions.delete(id: "two", attachments: store)
        #expect(!FileManager.default.fileExists(atPath: store.path(of: shared)))
    }

    @Test func exportsListAttachmentsAndMarkdownLinksThem() async throws {
        let server = try await LoopbackServer.start { _, _ in .json(Self.wholeReplies[.openai]!) }
        defer { Task { await server.stop() } }
        let folder = Self.folder()
        let store = AttachmentStore(directory: folder + "/attachments")
        let image = try store.add(fileAt: Self.write(Self.image(1500), "c[a]t (1).png", in: folder))
        let path = folder + "/sessions/s.jsonl"
        let session = ChatSession(
            registry: Self.registry(.openai, server, models: Self.vision), provider: "p", model: "eyes", transcriptPath: path, attachments: store)
        await session.send("look", attachments: [image])
        await session.waitForReply()
        let transcript = try TranscriptReader.read(path: path)

        let markdown = TranscriptExport.render(transcript, id: "s", format: .markdown, attachments: store)
        #expect(markdown.contains("*Attachment: [c\\[a\\]t \\(1\\).png](file://\(store.path(of: image))) (image, 1 kB)*"))
        let text = TranscriptExport.render(transcript, id: "s", format: .text, attachments: store)
        #expect(text.contains("[image c[a]t (1).png, 1 kB, \(store.path(of: image))]"))
        unlink(store.path(of: image))
        #expect(TranscriptExport.render(transcript, id: "s", format: .markdown, attachments: store).contains("*Attachment: c\\[a\\]t \\(1\\).png (image, 1 kB, missing)*"))
    }
}
