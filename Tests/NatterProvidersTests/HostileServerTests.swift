import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// What a hostile or broken server can send, written byte for byte by `HostileServer` (where an HTTP library
/// would refuse to misbehave), and what natter must do with it: never trap, never hand a key to another
/// address, never leak a key in any encoding, never hold an endless line, and always say what happened.
@Suite struct HostileServerTests {
    static func start(_ handler: @escaping HostileServer.Handler) async throws -> HostileServer {
        try await HostileServer.start(handler: handler)
    }

    func provider(_ engine: Engine, _ host: String, auth: ProviderDefinition.Auth = .none, timeout: Double = 10, retries: Int = 1)
        -> DeclarativeProvider
    {
        DeclarativeProvider(definition: StreamFixtures.definition(engine, host: host, auth: auth, timeout: timeout, retries: retries))
    }

    static func stream(_ engine: Engine, _ tokens: [String]) -> HostileServer.Step {
        .response(headers: [("Content-Type", StreamFixtures.contentType(engine))], body: StreamFixtures.stream(engine, tokens).joined())
    }

    // MARK: numbers from outside

    static let absurdWaits = ["inf", "1e400", "99999999999999999999", "-inf", "nan", "1e308"]

    @Test(arguments: absurdWaits)
    func anAbsurdRetryAfterIsAWaitTooLongNotATrap(value: String) async throws {
        let server = try await Self.start { _, _ in
            [.response(status: "429 Too Many Requests", headers: [("Retry-After", value), ("retry-after-ms", value)], body: #"{"error":{"message":"slow down"}}"#)]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(.openai, server.url))
        #expect(outcome.error?.kind == .rateLimit)
        #expect(outcome.text.isEmpty)
    }

    @Test(arguments: ["401 Unauthorized", "404 Not Found", "503 Service Unavailable"])
    func anAbsurdRetryAfterOnAnyStatusIsSafe(status: String) async throws {
        let server = try await Self.start { _, _ in
            [.response(status: status, headers: [("Retry-After", "1e400")], body: "no")]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(.anthropic, server.url, retries: 0))
        #expect(outcome.error != nil)
    }

    @Test func modelDiscoveryWithAnAbsurdRetryAfterFallsBackToTheFilesList() async throws {
        let server = try await Self.start { _, _ in
            [.response(status: "429 Too Many Requests", headers: [("Retry-After", "inf")], body: "{}")]
        }
        defer { Task { await server.stop() } }
        let listing = await provider(.openai, server.url).modelListing()
        #expect(listing.models.map(\.name) == ["m-1"])
        #expect(listing.fallbackReason?.kind == .rateLimit)
    }

    @Test(arguments: ["\"12\"", "1e308", "-5", "9223372036854775807", "1.5", "null", "{}"])
    func badUsageIsIgnoredAndTheReplyKept(value: String) async throws {
        let body = """
            data: {"choices":[{"index":0,"delta":{"content":"kept"},"finish_reason":"stop"}]}

            data: {"choices":[],"usage":{"prompt_tokens":\(value),"completion_tokens":\(value)}}

            data: [DONE]


            """
        let server = try await Self.start { _, _ in [.response(headers: [("Content-Type", "text/event-stream")], body: body)] }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(.openai, server.url))
        #expect(outcome.error == nil)
        #expect(outcome.text == "kept")
        for chunk in outcome.chunks {
            guard case .usage(let input, _) = chunk else { continue }
            #expect(input.map { $0 <= ExternalNumber.largestTokenCount && $0 >= 0 } ?? true)
        }
    }

    @Test func usageNearIntMaxIsDropped() {
        let usage = Usage(inputTokens: Int.max, outputTokens: Int.max - 1)
        #expect(usage.inputTokens == nil && usage.outputTokens == nil)
        #expect(ExternalNumber.sum(Int.max, Int.max) == Int.max)
    }

    // MARK: redirects

    @Test(arguments: ["301 Moved Permanently", "302 Found", "307 Temporary Redirect", "308 Permanent Redirect"])
    func aRedirectToAnotherOriginIsNotFollowedAndNamesTheAddress(status: String) async throws {
        let elsewhere = try await Self.start { _, _ in [Self.stream(.anthropic, ["stolen"])] }
        defer { Task { await elsewhere.stop() } }
        let server = try await Self.start { _, _ in
            [.response(status: status, headers: [("Location", "\(elsewhere.url)/v1/messages?key=abc")])]
        }
        defer { Task { await server.stop() } }
        let definition = ProviderDefinition(
            name: "redirected", engine: .anthropic, host: server.url, models: [ModelInfo(name: "m-1")],
            auth: .header(name: "x-api-key", value: "sk-ant-PLANTED-redirect"), headers: [("X-Custom-Token", "custom-PLANTED")],
            retry: RetryPolicy(maxRetries: 1, initialDelay: .milliseconds(10)))
        let outcome = await StreamFixtures.run(DeclarativeProvider(definition: definition))
        #expect(elsewhere.requests.isEmpty, "nothing, and so no key, went to the other address")
        #expect(outcome.text.isEmpty)
        let error = try #require(outcome.error)
        #expect(error.kind == .rejected)
        #expect(error.description.contains("redirected to \(elsewhere.url)/v1/messages"))
        #expect(!error.description.contains("key=abc"))
        #expect(server.requests.count == 1, "a redirect is not retried")
    }

    // MARK: secrets in every encoding

    @Test func aQueryKeyEchoedInAnyEncodingIsRedacted() async throws {
        let key = "qk/PLANTED+sp=ec&ial%key"
        let server = try await Self.start { request, _ in
            let uri = request.uri
            let decoded = uri.removingPercentEncoding ?? ""
            let json = String(decoding: try! JSONEncoder().encode(key), as: UTF8.self)
            let base64 = Data(key.utf8).base64EncodedString()
            return [.response(status: "400 Bad Request", headers: [("Content-Type", "application/json")],
                body: #"{"error":{"message":"bad request \#(uri) decoded \#(decoded) json \#(json.replacingOccurrences(of: "\"", with: "")) b64 \#(base64)"}}"#)]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(.openai, server.url, auth: .query(name: "key", value: key)))
        let text = try #require(outcome.error?.description)
        #expect(!text.contains("PLANTED"), "\(text)")
        #expect(!text.contains("qk%2F"), "\(text)")
        #expect(!text.contains(Data(key.utf8).base64EncodedString()), "\(text)")
        #expect(text.contains("[redacted]"))
    }

    @Test func basicCredentialsAreRedactedDecodedToo() {
        let credential = Data("user:hunter2-PLANTED".utf8).base64EncodedString()
        let error = ProviderError(.authentication, "denied for user:hunter2-PLANTED (Basic \(credential)); password hunter2-PLANTED")
            .redacting(["Basic \(credential)", credential])
        #expect(!error.message.contains("PLANTED"), "\(error.message)")
        #expect(!error.message.contains(credential))
    }

    // MARK: streams that do not end, or are not streams

    @Test(arguments: [Engine.openai, .ollama])
    func aLineThatNeverEndsFailsAsMalformedInsteadOfGrowingWithoutLimit(engine: Engine) async throws {
        let prefix = engine == .ollama ? #"{"message":{"content":""# : "data: {\"choices\":[{\"delta\":{\"content\":\""
        let server = try await Self.start { _, _ in
            [.response(headers: [("Content-Type", StreamFixtures.contentType(engine))], body: prefix),
             .repeated(Array(repeating: UInt8(ascii: "x"), count: 1 << 16), count: 300, pause: nil)]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server.url, retries: 0))
        let error = try #require(outcome.error)
        #expect(error.kind == .malformedResponse, "\(error)")
        #expect(error.message.contains("16 MB"))
    }

    @Test func aJSONErrorWithStatus200IsShownClassified() async throws {
        let server = try await Self.start { _, _ in
            [.response(headers: [("Content-Type", "application/json")], body: #"{"error":{"message":"Invalid API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#)]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(.openai, server.url))
        let error = try #require(outcome.error)
        #expect(error.kind == .authentication, "\(error)")
        #expect(error.message.contains("Invalid API key provided"))
    }

    @Test(arguments: Engine.allCases)
    func aWebPageWithStatus200SaysItIsAWebPage(engine: Engine) async throws {
        let server = try await Self.start { _, _ in
            [.response(headers: [("Content-Type", "text/html")], body: "<!doctype html><html><head><title>Hotel Wi-Fi login</title></head><body>Accept the terms</body></html>")]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server.url))
        let error = try #require(outcome.error)
        #expect(error.description.contains("web page"), "\(error)")
        #expect(error.description.contains("Hotel Wi-Fi login"))
    }

    @Test(arguments: Engine.allCases)
    func textAfterTheFinishMarkerIsNotPartOfTheReply(engine: Engine) async throws {
        let after: String
        switch engine {
        case .openai: after = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" INJECTED\"}}]}\n\n"
        case .anthropic: after = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" INJECTED\"}}\n\n"
        case .ollama: after = "{\"message\":{\"content\":\" INJECTED\"},\"done\":false}\n"
        }
        let server = try await Self.start { _, _ in
            [.response(headers: [("Content-Type", StreamFixtures.contentType(engine))], body: StreamFixtures.stream(engine, ["the reply"]).joined() + after)]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server.url))
        #expect(outcome.error == nil)
        #expect(outcome.text == "the reply")
    }

    @Test func anAnthropicStreamRequestAnsweredWithAWholeMessageIsTheReply() async throws {
        let server = try await Self.start { _, _ in
            [.response(headers: [("Content-Type", "application/json")], body: """
                {"id":"msg_1","type":"message","role":"assistant","model":"m-1",
                 "content":[{"type":"text","text":"whole reply"}],"stop_reason":"end_turn",
                 "usage":{"input_tokens":5,"output_tokens":2}}
                """)]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(.anthropic, server.url))
        #expect(outcome.error == nil)
        #expect(outcome.text == "whole reply")
        #expect(outcome.chunks.contains(.usage(5, 2)))
    }

    @Test(arguments: Engine.allCases)
    func aWholeJSONReplyIsAcceptedByEveryEngine(engine: Engine) async throws {
        let body: String
        switch engine {
        case .openai: body = #"{"choices":[{"index":0,"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}]}"#
        case .anthropic: body = #"{"content":[{"type":"text","text":"whole"}],"stop_reason":"end_turn"}"#
        case .ollama: body = "{\n  \"message\": {\"role\": \"assistant\", \"content\": \"whole\"},\n  \"done\": true\n}"
        }
        let server = try await Self.start { _, _ in [.response(headers: [("Content-Type", "application/json")], body: body)] }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server.url))
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.text == "whole")
    }

    @Test func aDripInsideAnUnfinishedLineDoesNotKeepTheSilenceTimerAlive() async throws {
        let server = try await Self.start { _, _ in
            [.response(headers: [("Content-Type", "text/event-stream")], body: StreamFixtures.openAI(["first "], done: false).joined() + "data: {\"cho"),
             .repeated([UInt8(ascii: " ")], count: 100, pause: .milliseconds(100)),
             .bytes(Array("ices\":[]}\n\ndata: [DONE]\n\n".utf8))]
        }
        defer { Task { await server.stop() } }
        // 4 s of silence allowed, 10 s of drip: a busy machine may take seconds to answer at all.
        let outcome = await StreamFixtures.run(provider(.openai, server.url, timeout: 4))
        #expect(outcome.text == "first ")
        #expect(outcome.error?.kind == .interrupted, "the drip is not data: \(String(describing: outcome.error))")
    }

    @Test(arguments: Engine.allCases)
    func aConnectionDroppedBeforeAnyTextIsRetried(engine: Engine) async throws {
        let server = try await Self.start { _, index in
            index == 0
                ? [.response(headers: [("Content-Type", StreamFixtures.contentType(engine))], body: StreamFixtures.stream(engine, [], complete: false).joined())]
                : [Self.stream(engine, ["second try"])]
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server.url, retries: 2))
        #expect(outcome.error == nil, "\(String(describing: outcome.error))")
        #expect(outcome.text == "second try")
        #expect(outcome.retries == 1)
    }

    @Test func aStreamThatKeepsEndingEarlyFailsAsANetworkErrorNotAnIncompleteReply() async throws {
        let server = try await Self.start { _, _ in [.response(headers: [("Content-Type", "text/event-stream")], body: "")] }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(.openai, server.url, retries: 1))
        #expect(outcome.error?.kind == .network, "\(String(describing: outcome.error))")
        #expect(outcome.error?.message.contains("before any reply arrived") == true)
        #expect(server.requests.count == 2)
    }
}
