import Foundation
import NatterTestSupport
import Testing

/// The picker's "add a provider…" runs natter configure's questions in the terminal and comes back to the chat
/// with the new provider in the list, ready to talk to.
@Suite(.serialized) struct PickerHandOverTests {
    @Test func aProviderAddedFromThePickerIsThereToPickAndAnswers() async throws {
        let existing = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["from the old one"])) }
        let added = try await ConfigureCommandTests.keylessServer()
        defer { Task { await existing.stop(); await added.stop() } }
        let (home, tmux) = try await ChatUITests.open([("one", existing, "model-a")], arguments: ["--provider", "one"])

        try tmux.send("C-p")
        #expect(await tmux.wait(forText: "add a provider"))
        try tmux.type("add")
        try tmux.send("Enter")
        // natter configure add, in the terminal natter handed over.
        for (question, answer) in [
            // A server on this machine that lists its models without a key: no key questions.
            ("Name (letters", "mine"), ("Engine", ""), ("Host", added.url + "/v1"), ("Models to list", "2"),
            ("Context window of big", "8192"), ("Test the connection", ""),
        ] {
            #expect(await tmux.wait(forText: question), "asked \(question): \(tmux.text)")
            try tmux.type(answer)
            try tmux.send("Enter")
        }
        #expect(await tmux.wait(forText: "press Enter to go back to the chat"), "\(tmux.text)")
        #expect(FileManager.default.fileExists(atPath: ConfigureCommandTests.file("mine", in: home)))
        try tmux.send("Enter")

        // Back in the picker, on the new provider's model.
        #expect(await tmux.wait { $0.joined(separator: "\n").contains("mine") && $0.joined().contains("big") }, "\(tmux.text)")
        try tmux.send("Enter")
        #expect(await tmux.wait { $0.first?.contains("mine · big") == true && $0.first?.contains("/8.2k") == true }, "the window given: \(tmux.text)")
        try ChatUITests.ask(tmux, "hello there")
        #expect(await tmux.wait(forText: "fine"), "the new provider answered: \(tmux.text)")
        #expect(added.requests.contains { $0.method == "POST" && $0.bodyText.contains("hello there") })
        try tmux.send("C-c")
    }
}

/// Enter on a model of a provider that signs in with OAuth and has no token runs the sign-in in the terminal:
/// the device code is shown; once approved, the provider is ready and answers with its token.
@Suite(.serialized) struct PickerSignInTests {
    @Test func choosingAProviderThatNeedsASignInRunsItAndThenItAnswers() async throws {
        var script = LoopbackOAuthServer.Script()
        script.devicePolls = [.approve]
        script.deviceInterval = 1
        let oauth = try await LoopbackOAuthServer.start(script)
        let chat = try await OAuthLoginTests.chatServer(oauth)
        let local = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["local"])) }
        defer { Task { await oauth.stop(); await chat.stop(); await local.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(OAuthLoginTests.providerFile(oauth, chat: chat, flow: "device"), named: "corp", in: home)
        try Scratch.provider(ChatUITests.provider("one", local, model: "model-a"), named: "one", in: home)
        let tmux = try TmuxSession(NatterCommand.line(home: home, arguments: ["--provider", "one"], environment: ["CORP_SECRET": "unused"]))
        #expect(await tmux.wait(forText: "Enter send"))

        try tmux.send("C-p")
        try tmux.type("corp-model")
        #expect(await tmux.wait(forText: "needs natter login"))
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "press Enter to go back to the chat", timeout: .seconds(30)), "\(tmux.text)")
        // The code was shown (it may have scrolled up by now: the pane's history keeps it).
        let shown = (try? tmux.command("capture-pane", "-p", "-J", "-S", "-200", "-t", tmux.name)) ?? ""
        #expect(shown.contains("enter the code \(LoopbackOAuthServer.userCode)"), "the device code is shown: \(shown)")
        #expect(tmux.text.contains("natter login corp done"))
        try tmux.send("Enter")
        #expect(await tmux.wait { !$0.joined().contains("needs natter login") && $0.joined().contains("corp-model") }, "\(tmux.text)")
        try tmux.send("Enter")
        #expect(await tmux.wait { $0.first?.contains("corp · corp-model") == true }, "\(tmux.text)")
        try ChatUITests.ask(tmux, "hi")
        #expect(await tmux.wait(forText: "hello"), "the signed-in provider answered: \(tmux.text)")
        try tmux.send("C-c")
    }
}
