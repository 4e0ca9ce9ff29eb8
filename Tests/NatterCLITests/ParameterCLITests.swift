import Foundation
import NatterTestSupport
import Testing

/// Request parameters from the command line (SPEC 11): the flags and `-o` reach the request body, a bad value
/// is a usage error naming the parameter, and a request the server rejects says what was set.
@Suite struct ParameterCLITests {
    @Test func flagsAndOptionsReachTheBody() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(PipeModeTests.sse(["ok"])) }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, stdout, stderr) = try await NatterProcess.run(
            ["-p", "hi", "--provider", "local", "--temperature", "0.2", "--max-tokens", "50", "--reasoning", "low", "-o", "seed=3",
             "-o", "num_ctx=4096"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(code == 0, "\(stderr)")
        #expect(stdout == "ok\n")
        let request = try #require(server.requests.first)
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["temperature"] as? Double == 0.2)
        #expect(body["max_tokens"] as? Int == 50)
        #expect(body["reasoning_effort"] as? String == "low")
        #expect(body["seed"] as? Int == 3)
        #expect(body["num_ctx"] as? Int == 4096)
    }

    @Test func aBadValueIsAUsageErrorNamingTheParameter() async throws {
        let home = try Scratch.home()
        let (code, _, stderr) = try await NatterProcess.run(["-p", "hi", "--temperature", "7"], home: home)
        #expect(code == 64)
        #expect(stderr.contains("temperature must be a number from 0 to 2, not \"7\""), "\(stderr)")
        let (badOption, _, why) = try await NatterProcess.run(["-p", "hi", "-o", "seed"], home: home)
        #expect(badOption == 64)
        #expect(why.contains("-o takes KEY=VALUE, not \"seed\""), "\(why)")
    }

    @Test func aRejectedRequestSaysWhichParametersItSet() async throws {
        let server = try await LoopbackServer.start { _, _ in
            .json(#"{"error":{"message":"Unsupported value","type":"invalid_request_error"}}"#, status: 400)
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, _, stderr) = try await NatterProcess.run(
            ["-p", "hi", "--provider", "local", "--temperature", "1.5", "--reasoning", "high"], home: home, environment: ["LOCAL_KEY": "k"])
        #expect(code == 1)
        #expect(stderr.contains("(this request set temperature=1.5, reasoning=high)"), "\(stderr)")
    }

    @Test func aRejectedRequestNamesTheParameterTheServerObjectsTo() async throws {
        // OpenAI's own words for a reasoning model given a temperature.
        let server = try await LoopbackServer.start { _, _ in
            .json(
                #"{"error":{"message":"Unsupported value: 'temperature' does not support 1.5 with this model.","type":"invalid_request_error","param":"temperature"}}"#,
                status: 400)
        }
        defer { Task { await server.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(PipeModeTests.localProvider(server), named: "local", in: home)
        let (code, _, stderr) = try await NatterProcess.run(
            ["-p", "hi", "--provider", "local", "--temperature", "1.5", "-o", "seed=4", "-o", "seeded=1"], home: home,
            environment: ["LOCAL_KEY": "k"])
        #expect(code == 1)
        #expect(stderr.contains("(the model refused temperature=1.5, set for this request)"), "\(stderr)")
    }

    @Test func ctrlXSetsTheTemperatureOfTheNextRequest() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(ChatUITests.sse(["warm answer"])) }
        defer { Task { await server.stop() } }
        let (home, tmux) = try await ChatUITests.open([("one", server, "m")], arguments: ["--provider", "one", "--model", "m"])
        try tmux.send("C-x")
        #expect(await tmux.wait(forText: "Settings for this conversation"), "\(tmux.text)")
        try tmux.send("Down")  // past the role
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "temperature, 0 to 2"), "\(tmux.text)")
        try tmux.type("0.3")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "temperature 0.3 from the next request"), "\(tmux.text)")
        #expect(tmux.text.contains("temperature    0.3"))
        try tmux.send("Escape")
        try ChatUITests.ask(tmux, "hi")
        #expect(await tmux.wait(forText: "warm answer"), "\(tmux.text)")
        let request = try #require(server.requests.last { $0.method == "POST" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])
        #expect(body["temperature"] as? Double == 0.3)
        #expect(ChatUITests.transcriptLines(home).contains { $0.contains(#""type":"params""#) && $0.contains(#""temperature":0.3"#) }, "recorded")
        try tmux.send("C-c")
    }

    @Test func ctrlXCompactsNowAndUndoesItAndTheScreenKeepsEveryMessage() async throws {
        let server = try await LoopbackServer.start { request, index in
            if request.bodyText.contains("Summarize this conversation") { return .stream(ChatUITests.sse(["SHORT SUMMARY"])) }
            return .stream(ChatUITests.sse(["answer \(index)"]))
        }
        defer { Task { await server.stop() } }
        let (home, tmux) = try await ChatUITests.open([("one", server, "m")], arguments: ["--provider", "one", "--model", "m"])
        try ChatUITests.ask(tmux, "first question")
        #expect(await tmux.wait(forText: "answer 0"), "\(tmux.text)")
        try ChatUITests.ask(tmux, "second question")
        #expect(await tmux.wait(forText: "answer 1"), "\(tmux.text)")
        func historyRow() async throws {
            try tmux.send("C-x")
            #expect(await tmux.wait(forText: "Settings for this conversation"), "\(tmux.text)")
            for _ in 0..<7 { try tmux.send("Down") }  // from the role row to the last, history
        }
        try await historyRow()
        #expect(await tmux.wait(forText: "Enter: summarize older turns"), "\(tmux.text)")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "⋯ the 2 messages above go to the model as a summary"), "\(tmux.text)")
        #expect(tmux.text.contains("first question") && tmux.text.contains("answer 0"), "still on screen")
        #expect(ChatUITests.transcriptLines(home).contains { $0.contains(#""type":"compaction""#) && $0.contains("SHORT SUMMARY") })

        try await historyRow()
        #expect(await tmux.wait(forText: "the first 2 messages go as a summary"), "\(tmux.text)")
        try tmux.send("Enter")
        #expect(await tmux.wait(forText: "requests carry the whole conversation again"), "\(tmux.text)")
        #expect(!tmux.text.contains("go to the model as a summary"))
        try ChatUITests.ask(tmux, "third question")
        #expect(await tmux.wait(forText: "answer 3"), "\(tmux.text)")
        let last = try #require(server.requests.last { $0.method == "POST" }).bodyText
        #expect(last.contains("first question") && !last.contains("SHORT SUMMARY"), "the whole history went")
        try tmux.send("C-c")
    }
}
