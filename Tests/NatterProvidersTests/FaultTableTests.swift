import Foundation
import NatterTestSupport
import Synchronization
import Testing

@testable import NatterProviders

/// The fault table of SPEC 3.4, run against every engine: each fault ends either retried and succeeded, or
/// as a reply marked interrupted or failed that keeps its partial text and says why in one line.
@Suite struct FaultTableTests {
    func provider(_ engine: Engine, _ server: LoopbackServer, timeout: Double = 10, retries: Int = 3) -> DeclarativeProvider {
        DeclarativeProvider(definition: StreamFixtures.definition(engine, server: server, timeout: timeout, retries: retries))
    }

    func reply(_ engine: Engine, _ tokens: [String], complete: Bool = true) -> ScriptedResponse {
        .stream(StreamFixtures.stream(engine, tokens, complete: complete), contentType: StreamFixtures.contentType(engine))
    }

    static let rateLimited = #"{"error":{"message":"slow down","type":"rate_limit_error"}}"#

    @Test(arguments: Engine.allCases)
    func retryAfterInSecondsIsWaitedOutThenTheReplyArrives(engine: Engine) async throws {
        let server = try await LoopbackServer.start { _, index in
            index == 0 ? .json(Self.rateLimited, status: 429, headers: [("Retry-After", "1")]) : reply(engine, ["ok"])
        }
        defer { Task { await server.stop() } }
        let started = ContinuousClock.now
        let outcome = await StreamFixtures.run(provider(engine, server))
        #expect(outcome.text == "ok")
        #expect(outcome.error == nil)
        #expect(outcome.retries == 1)
        #expect(ContinuousClock.now - started >= .milliseconds(990), "never sooner than Retry-After")
    }

    @Test(arguments: Engine.allCases)
    func retryAfterAsAnHTTPDateIsWaitedOut(engine: Engine) async throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let server = try await LoopbackServer.start { _, index in
            index == 0
                ? .json(Self.rateLimited, status: 429, headers: [("Retry-After", formatter.string(from: Date().addingTimeInterval(2)))])
                : reply(engine, ["ok"])
        }
        defer { Task { await server.stop() } }
        var delays: [Duration] = []
        var text = ""
        let started = ContinuousClock.now
        for try await chunk in provider(engine, server).stream([.user("q")], config: ModelConfig(model: "m-1")) {
            if case .retrying(let notice) = chunk { delays.append(notice.delay) }
            if case .text(let piece) = chunk { text += piece }
        }
        #expect(text == "ok")
        #expect(delays.count == 1)
        // The date has whole seconds, so the wait is one to two seconds, less however long the answer took to
        // arrive on a busy machine; far more than the 20 ms backoff it replaces. And natter waits all of it.
        #expect(delays.first.map { $0 >= .milliseconds(300) && $0 <= .seconds(2) } == true, "\(delays)")
        #expect(ContinuousClock.now - started >= (delays.first ?? .seconds(1)))
    }

    @Test(arguments: Engine.allCases)
    func aBurstOf503sWithinMaxRetriesEndsInTheReply(engine: Engine) async throws {
        let server = try await LoopbackServer.start { _, index in
            index < 3 ? .text("busy", status: 503) : reply(engine, ["after the burst"])
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server, retries: 3))
        #expect(outcome.text == "after the burst")
        #expect(outcome.retries == 3)
        #expect(server.requests.count == 4)
    }

    @Test(arguments: Engine.allCases)
    func a529BurstLongerThanMaxRetriesFailsWithoutARetryStorm(engine: Engine) async throws {
        let server = try await LoopbackServer.start { _, _ in
            .json(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#, status: 529)
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server, retries: 2))
        #expect(outcome.error?.kind == .server)
        #expect(outcome.error?.description.contains("529") == true)
        #expect(server.requests.count == 3, "one try and max_retries more")
    }

    @Test(arguments: Engine.allCases)
    func clientErrorsAreNeverRetried(engine: Engine) async throws {
        for status in [400, 401, 403, 404, 422] {
            let server = try await LoopbackServer.start { _, _ in .json(#"{"error":{"message":"no"}}"#, status: status) }
            let outcome = await StreamFixtures.run(provider(engine, server))
            #expect(outcome.error?.status == status)
            #expect(server.requests.count == 1, "HTTP \(status) is final")
            await server.stop()
        }
    }

    @Test(arguments: Engine.allCases)
    func connectionRefusedIsANetworkErrorAfterMaxRetries(engine: Engine) async throws {
        let closed = try ClosedPort()
        let definition = ProviderDefinition(
            name: "gone", engine: engine, host: closed.url, models: [ModelInfo(name: "m-1")],
            retry: RetryPolicy(maxRetries: 2, initialDelay: .milliseconds(10), maxDelay: .milliseconds(100)))
        let outcome = await StreamFixtures.run(DeclarativeProvider(definition: definition))
        #expect(outcome.error?.kind == .network)
        #expect(outcome.error?.description.contains("connection refused") == true)
        #expect(outcome.retries == 2)
    }

    @Test(arguments: Engine.allCases)
    func anUnresolvableHostSaysSo(engine: Engine) async throws {
        let definition = ProviderDefinition(
            name: "nowhere", engine: engine, host: "http://natter-test-host.invalid", models: [ModelInfo(name: "m-1")],
            timeoutSeconds: 20, retry: RetryPolicy(maxRetries: 0, initialDelay: .milliseconds(10), maxDelay: .milliseconds(100)))
        let outcome = await StreamFixtures.run(DeclarativeProvider(definition: definition))
        #expect(outcome.error?.kind == .network)
        #expect(outcome.error?.description.contains("could not resolve the host name") == true)
    }

    @Test(arguments: Engine.allCases)
    func aTLSFailureIsANetworkErrorNamingTLS(engine: Engine) async throws {
        // A plain-HTTP server answering a TLS handshake: the handshake fails.
        let server = try await LoopbackServer.start { _, _ in .text("not TLS") }
        defer { Task { await server.stop() } }
        let definition = ProviderDefinition(
            name: "tls", engine: engine, host: "https://127.0.0.1:\(server.port)", models: [ModelInfo(name: "m-1")],
            timeoutSeconds: 10, retry: RetryPolicy(maxRetries: 1, initialDelay: .milliseconds(10), maxDelay: .milliseconds(100)))
        let outcome = await StreamFixtures.run(DeclarativeProvider(definition: definition))
        #expect(outcome.error?.kind == .network)
        #expect(outcome.error?.description.contains("TLS") == true, "\(outcome.error?.description ?? "")")
        #expect(outcome.text.isEmpty)
    }

    @Test(arguments: Engine.allCases)
    func aMalformedChunkEndsTheReplyWithItsPartialText(engine: Engine) async throws {
        let broken = engine == .ollama ? "{\"message\":{\"content\":\n" : "data: {\"choices\":[{\"delta\":\n\n"
        let server = try await LoopbackServer.start { _, _ in
            .stream(StreamFixtures.stream(engine, ["good "], complete: false) + [broken], contentType: StreamFixtures.contentType(engine))
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server))
        #expect(outcome.text == "good ")
        #expect(outcome.error?.kind == .malformedResponse)
        #expect(server.requests.count == 1)
    }

    @Test(arguments: Engine.allCases)
    func anErrorInsideTheStreamEndsTheReplyWithTheProvidersMessage(engine: Engine) async throws {
        let event: String
        switch engine {
        case .openai: event = "data: {\"error\":{\"message\":\"upstream overloaded\",\"type\":\"server_error\"}}\n\n"
        case .anthropic: event = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"upstream overloaded\"}}\n\n"
        case .ollama: event = "{\"error\":\"upstream overloaded\"}\n"
        }
        let server = try await LoopbackServer.start { _, _ in
            .stream(StreamFixtures.stream(engine, ["so far "], complete: false) + [event], contentType: StreamFixtures.contentType(engine))
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server))
        #expect(outcome.text == "so far ")
        #expect(outcome.error?.description.contains("upstream overloaded") == true, "\(outcome.error?.description ?? "")")
        #expect(server.requests.count == 1, "never retried once text was shown")
    }

    @Test(arguments: Engine.allCases)
    func keepAlivesAloneDoNotKeepAStalledStreamAlive(engine: Engine) async throws {
        let keepAlive = engine == .ollama ? "\n" : ": keep-alive\n\n"
        // When the server wrote its last keep-alive: the reply must have failed before that, however slowly
        // a loaded machine runs the 9 s of keep-alives.
        let lastKeepAlive = Mutex<ContinuousClock.Instant?>(nil)
        let server = try await LoopbackServer.start { _, _ in
            var response = reply(engine, ["before the stall"], complete: false)
            for _ in 0..<70 { response = response.then(.pause(.milliseconds(300))).then(.bytes(Array(keepAlive.utf8))) }
            return response.then(.call { lastKeepAlive.withLock { $0 = .now } }).then(.stall)
        }
        defer { Task { await server.stop() } }
        // A silence limit with room for a loaded machine (4 s once passed before the response head came, in a
        // full run), still well short of the 21 s of keep-alives.
        let outcome = await StreamFixtures.run(provider(engine, server, timeout: 8))
        let ended = ContinuousClock.now
        #expect(outcome.text == "before the stall")
        #expect(outcome.error?.kind == .interrupted, "\(String(describing: outcome.error)) after \(outcome.retries) retries")
        let last = lastKeepAlive.withLock { $0 }
        #expect(last == nil || ended < last!, "timed out only after the keep-alives stopped: they kept it alive")
    }

    @Test(arguments: Engine.allCases)
    func aSlowFirstTokenWithinTheTimeoutIsWaitedFor(engine: Engine) async throws {
        let server = try await LoopbackServer.start { _, _ in
            ScriptedResponse(headers: [("Content-Type", StreamFixtures.contentType(engine))], steps: [.pause(.milliseconds(1200))])
                .then(.bytes(Array(StreamFixtures.stream(engine, ["late but fine"]).joined().utf8)))
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server, timeout: 3))
        #expect(outcome.error == nil)
        #expect(outcome.text == "late but fine")
    }

    @Test(arguments: Engine.allCases)
    func aOneMebibyteChunkArrivesWhole(engine: Engine) async throws {
        let huge = String(repeating: "abcdefgh", count: 128 * 1024)
        let server = try await LoopbackServer.start { _, _ in
            .stream([StreamFixtures.stream(engine, [huge]).joined()], contentType: StreamFixtures.contentType(engine))
        }
        defer { Task { await server.stop() } }
        let outcome = await StreamFixtures.run(provider(engine, server))
        #expect(outcome.error == nil)
        #expect(outcome.text.utf8.count == 1024 * 1024)
        #expect(outcome.text == huge)
    }
}
