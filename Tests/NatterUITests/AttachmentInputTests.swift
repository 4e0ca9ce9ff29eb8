import Foundation
import NatterProviders
import NatterSession
import Testing

@testable import NatterUI

/// Attaching in the chat (SPEC 8), as the App sees it: pasted paths, `@` words and their completion, chips,
/// the vision check before anything is sent. The file reading itself is the runner's (tmux tests).
@Suite struct AttachmentInputTests {
    /// A folder with `cat.png`, `cat notes.txt`, `catalog/` and `.hidden`.
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "natter-ui-attach-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path + "/catalog", withIntermediateDirectories: true)
        for name in ["cat.png", "cat notes.txt", ".hidden", "catalog/inside.md"] {
            _ = FileManager.default.createFile(atPath: path + "/" + name, contents: Data("x".utf8))
        }
        return path
    }

    static let image = AttachmentRef(name: "cat.png", mediaType: "image/png", sha256: String(repeating: "a", count: 64), bytes: 1_200_000)
    static let text = AttachmentRef(name: "cat notes.txt", mediaType: "text/plain", sha256: String(repeating: "b", count: 64), bytes: 3000)

    func app(model: String = "eyes", folder: String) -> App {
        var state = AppState(providerName: "p", model: model)
        state.composer.workingDirectory = folder
        var app = App(state: state)
        app.setProviders([
            PickerProvider(
                name: "p", displayName: "P", problem: nil,
                models: [ModelInfo(name: "eyes", supportsVision: true), ModelInfo(name: "blind", supportsVision: false)])
        ])
        return app
    }

    func type(_ app: inout App, _ text: String) {
        for character in text { _ = app.update(.key(.character(character))) }
    }

    /// The event through update, with update's questions to the disk answered at once, as the runner does
    /// (ChatRunner+Intents); the other intents returned.
    func run(_ app: inout App, _ event: App.Event) -> [AppIntent] {
        app.update(event).flatMap { intent -> [AppIntent] in
            if case .lookUpFiles(let paths, let question) = intent {
                return run(&app, .filesLookedUp(Set(paths.filter(AttachmentPath.isFile)), for: question))
            }
            if case .completePath(let typed, let directory) = intent {
                return run(&app, .pathCompleted(typed: typed, AttachmentPath.complete(typed, in: directory)))
            }
            return [intent]
        }
    }

    /// What the disk says of a paste: the files it names when it names nothing else.
    static func pastedFiles(_ text: String, in directory: String) -> [String]? {
        guard let paths = AttachmentPath.pastedPaths(text, in: directory), paths.allSatisfy(AttachmentPath.isFile) else { return nil }
        return paths
    }

    // MARK: paths

    @Test func pastedPathsAreWhatTerminalsPasteForDroppedFiles() {
        let folder = Self.folder()
        #expect(Self.pastedFiles("'\(folder)/cat notes.txt'", in: "/") == [folder + "/cat notes.txt"])
        #expect(Self.pastedFiles("\"\(folder)/cat notes.txt\"\n", in: "/") == [folder + "/cat notes.txt"])
        #expect(Self.pastedFiles("\(folder)/cat\\ notes.txt ", in: "/") == [folder + "/cat notes.txt"])
        #expect(Self.pastedFiles("file://\(folder)/cat%20notes.txt", in: "/") == [folder + "/cat notes.txt"])
        #expect(Self.pastedFiles("'\(folder)/cat.png' '\(folder)/cat notes.txt'", in: "/") == [folder + "/cat.png", folder + "/cat notes.txt"])
        // Anything else is text.
        #expect(Self.pastedFiles("cat.png", in: folder) == nil, "a bare word is text, even when such a file is there")
        #expect(Self.pastedFiles("\(folder)/catalog", in: "/") == nil, "a folder")
        #expect(Self.pastedFiles("\(folder)/nothing.png", in: "/") == nil)
        #expect(Self.pastedFiles("see \(folder)/cat.png", in: "/") == nil)
        #expect(Self.pastedFiles("'\(folder)/cat.png", in: "/") == nil, "a quote left open")
    }

    @Test func mentionsAreAtWordsWithEscapedSpaces() {
        let text = Array("mail me@host.org, see @cat\\ notes.txt and @x")
        #expect(AttachmentPath.mentions(in: text).map(\.path) == ["cat notes.txt", "x"])
        #expect(AttachmentPath.mention(endingAt: text.count, in: text)?.path == "x")
        #expect(AttachmentPath.mention(endingAt: 4, in: text) == nil)
        let glued = Array("@pics/otlook at")
        #expect(AttachmentPath.mention(endingAt: 8, in: glued)?.path == "pics/ot", "what is after the caret is not completed")
    }

    @Test func tabCompletesPaths() {
        let folder = Self.folder()
        #expect(AttachmentPath.complete("cat.", in: folder) == .init(path: "cat.png", candidates: [], isFile: true))
        #expect(AttachmentPath.complete("cata", in: folder) == .init(path: "catalog/", candidates: [], isFile: false))
        #expect(AttachmentPath.complete("catalog/i", in: folder) == .init(path: "catalog/inside.md", candidates: [], isFile: true))
        #expect(AttachmentPath.complete("c", in: folder) == .init(path: "cat", candidates: ["cat notes.txt", "cat.png", "catalog/"], isFile: false))
        #expect(AttachmentPath.complete("cat", in: folder).path == nil, "nothing more in common")
        #expect(AttachmentPath.complete(".h", in: folder).path == ".hidden", "hidden files when asked for")
        #expect(AttachmentPath.complete("", in: folder).candidates.contains(".hidden") == false)
        #expect(AttachmentPath.complete("zzz", in: folder) == .init(path: nil, candidates: [], isFile: false))
        #expect(AttachmentPath.complete(folder + "/cat ", in: "/").path == folder + "/cat notes.txt")
        #expect(AttachmentPath.Completion(path: "cat notes.txt", candidates: [], isFile: true).word == "@cat\\ notes.txt")
    }

    // MARK: the app

    @Test func tabOnAnAtWordMakesAChipAndEnterSendsItWithTheText() {
        let folder = Self.folder()
        var app = app(folder: folder)
        type(&app, "what is @cat.")
        #expect(app.update(.key(.tab)) == [.completePath("cat.", in: folder)], "update asks the disk, never reads it")
        let intents = run(&app, .pathCompleted(typed: "cat.", AttachmentPath.complete("cat.", in: folder)))
        #expect(intents == [.readAttachment(id: 0, path: folder + "/cat.png")])
        #expect(app.state.composer.input.string == "what is ")
        #expect(app.state.composer.attachments.map(\.label) == ["[reading cat.png…]"])
        #expect(app.update(.attachmentRead(id: 0, .success(Self.image))).isEmpty)
        #expect(app.state.composer.attachments.map(\.label) == ["[image cat.png 1.2 MB]"])
        type(&app, "this?")
        #expect(run(&app, .key(.enter)) == [.send("what is this?", attachments: [Self.image])])
        #expect(app.state.composer.attachments.isEmpty)
        #expect(app.state.composer.input.isEmpty)
    }

    @Test func anAtWordLeftInTheDraftIsAttachedOnEnterAndTheMessageWaitsForIt() {
        let folder = Self.folder()
        var app = app(folder: folder)
        type(&app, "review @cat\\ notes.txt please, @nobody")
        #expect(app.update(.key(.enter)) == [.lookUpFiles([folder + "/cat notes.txt", folder + "/nobody"], for: .send)])
        #expect(app.update(.filesLookedUp([folder + "/cat notes.txt"], for: .send)) == [.readAttachment(id: 0, path: folder + "/cat notes.txt")])
        #expect(app.state.composer.input.string == "review please, @nobody", "a word that names no file stays text")
        #expect(app.state.status.text?.hasPrefix("reading cat notes.txt") == true)
        #expect(run(&app, .attachmentRead(id: 0, .success(Self.text))) == [.send("review please, @nobody", attachments: [Self.text])])
    }

    @Test func aPastedPathBecomesAChipAndBackspaceGivesTheTextBack() {
        let folder = Self.folder()
        var app = app(folder: folder)
        let pasted = "'\(folder)/cat notes.txt' "
        #expect(app.update(.paste(pasted)) == [.lookUpFiles([folder + "/cat notes.txt"], for: .paste(pasted))])
        #expect(run(&app, .paste(pasted)) == [.readAttachment(id: 0, path: folder + "/cat notes.txt")])
        #expect(app.state.composer.input.isEmpty)
        #expect(app.state.status.text?.hasPrefix("attached cat notes.txt from the pasted path") == true)
        _ = app.update(.attachmentRead(id: 0, .success(Self.text)))
        _ = app.update(.key(.backspace))
        #expect(app.state.composer.attachments.isEmpty)
        #expect(app.state.composer.input.string == pasted)
        // Ordinary text is pasted as text.
        #expect(app.update(.paste("hello")).isEmpty)
        #expect(app.state.composer.attachments.isEmpty)
    }

    @Test func aFileThatCannotBeAttachedIsSaidAndNothingWaits() {
        let folder = Self.folder()
        var app = app(folder: folder)
        type(&app, "look @cat.png")
        _ = run(&app, .key(.enter))
        _ = app.update(.attachmentRead(id: 0, .failure(AttachmentError("cat.png is binary: natter sends images (PNG, JPEG, GIF, WebP) and UTF-8 text files"))))
        #expect(app.state.composer.attachments.isEmpty)
        #expect(app.state.status.text == "not attached: cat.png is binary: natter sends images (PNG, JPEG, GIF, WebP) and UTF-8 text files")
        #expect(app.state.status.isError)
        #expect(app.state.composer.input.string == "look", "the words stay; nothing was sent")
    }

    @Test func anImageForAModelWithoutVisionIsRefusedBeforeAnythingIsSent() {
        let folder = Self.folder()
        for model in ["blind", "unknown"] {
            var app = app(model: model, folder: folder)
            type(&app, "@cat.png")
            _ = run(&app, .key(.tab))
            _ = app.update(.attachmentRead(id: 0, .success(Self.image)))
            type(&app, "what is it?")
            #expect(run(&app, .key(.enter)).isEmpty, "nothing is sent")
            #expect(app.state.status.isError)
            #expect(app.state.status.text?.hasPrefix(model == "blind" ? "not sent: p · blind does not take images · Ctrl+P picks" : "not sent: nothing says whether p · unknown reads images") == true)
            #expect(app.state.composer.input.string == "what is it?")
            #expect(app.state.composer.attachments.count == 1, "the chip stays for another model")
        }
    }

    @Test func escTakesTheChipsOffOnceTheDraftIsEmpty() {
        var app = app(folder: Self.folder())
        type(&app, "@cat.png")
        _ = run(&app, .key(.tab))
        type(&app, "draft")
        _ = app.update(.key(.escape))
        #expect(app.state.composer.input.isEmpty)
        #expect(app.state.composer.attachments.count == 1)
        _ = app.update(.key(.escape))
        #expect(app.state.composer.attachments.isEmpty)
    }

    @Test func theChipsShowAboveTheInput() {
        var app = app(folder: Self.folder())
        type(&app, "@cat.png")
        _ = run(&app, .key(.tab))
        _ = app.update(.attachmentRead(id: 0, .success(Self.image)))
        _ = run(&app, .paste("'\(app.state.composer.workingDirectory)/cat notes.txt'"))
        let frame = Screen.render(app, width: 60, height: 12)
        #expect(frame.text(row: 9) == "  [image cat.png 1.2 MB] [reading cat notes.txt…]")
        #expect(frame.text(row: 10) == "›")
        let narrow = Screen.render(app, width: 40, height: 12)
        #expect(narrow.text(row: 9) == "  [image cat.png 1.2 MB] +1 more")
    }

    @Test func aSentMessageShowsItsAttachments() {
        var app = app(folder: Self.folder())
        let message = Message(parent: nil, role: .user, parts: [.text("look"), .attachment(Self.image)])
        _ = app.update(.session(.messageAdded(message)))
        let frame = Screen.render(app, width: 40, height: 12)
        #expect(frame.lines.contains("[image cat.png 1.2 MB]"))
    }
}
