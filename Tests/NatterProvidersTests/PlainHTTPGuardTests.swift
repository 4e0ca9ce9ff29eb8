import Foundation
import NatterTestSupport
import Testing

@testable import NatterProviders

/// A key or token is never sent in clear text to another machine unless the provider's file allows it.
@Suite struct PlainHTTPGuardTests {
    /// `timeout` is short for addresses that never answer (203.0.113.7), long for the loopback server, which
    /// a loaded machine may be slow to serve.
    static func definition(host: String, auth: ProviderDefinition.Auth, allow: Bool = false, timeout: Double = 1) -> ProviderDefinition {
        ProviderDefinition(
            name: "lan", engine: .openai, host: host, models: [ModelInfo(name: "m-1")], auth: auth, timeoutSeconds: timeout,
            retry: RetryPolicy(maxRetries: 0, initialDelay: .milliseconds(10), maxDelay: .milliseconds(10)),
            allowInsecureHTTP: allow)
    }

    static let key = ProviderDefinition.Auth.header(name: "Authorization", value: "Bearer ${LAN_KEY}")
    static let context = ProviderContext(environment: { ["LAN_KEY": "sk-lan-secret"] })

    @Test func aKeyOverPlainHTTPToAnotherHostIsRefusedBeforeAnythingIsSent() async {
        // 203.0.113.0/24 is TEST-NET-3: nothing answers there, so only a refusal can end this quickly.
        let provider = DeclarativeProvider(definition: Self.definition(host: "http://203.0.113.7:8080/v1", auth: Self.key), context: Self.context)
        let outcome = await StreamFixtures.run(provider)
        #expect(outcome.error?.kind == .configuration)
        #expect(outcome.error?.description.contains("allow_insecure_http") == true)
        #expect(outcome.error?.description.contains("203.0.113.7") == true)
        #expect(outcome.error?.description.contains("sk-lan-secret") == false)
        let listing = await provider.modelListing()
        #expect(listing.fallbackReason?.kind == .configuration, "model discovery is refused too")
    }

    @Test func theFileCanAllowItAndThenTheRequestIsAttempted() async {
        let provider = DeclarativeProvider(
            definition: Self.definition(host: "http://203.0.113.7:8080/v1", auth: Self.key, allow: true), context: Self.context)
        let outcome = await StreamFixtures.run(provider)
        // Whatever answers there (nothing, or a sandbox's proxy), the request went out: no refusal.
        #expect(outcome.error?.kind != .configuration, "\(outcome.error?.description ?? "")")
        #expect(outcome.error?.description.contains("allow_insecure_http") != true)
    }

    @Test func loopbackHTTPWithAKeyAndRemoteHTTPWithoutOneAreFine() async throws {
        let server = try await LoopbackServer.start { _, _ in .stream(StreamFixtures.openAI(["ok"])) }
        defer { Task { await server.stop() } }
        for host in [server.url, "http://localhost:\(server.port)"] {
            let outcome = await StreamFixtures.run(DeclarativeProvider(definition: Self.definition(host: host, auth: Self.key, timeout: 10), context: Self.context))
            #expect(outcome.text == "ok", "\(host): \(outcome.error?.description ?? "")")
        }
        #expect(throws: Never.self) {
            try PlainHTTPGuard.check(url: "http://gpu-box.lan:11434/api/chat", carriesCredentials: false, provider: Self.definition(host: "", auth: .none))
        }
        #expect(throws: ProviderError.self) {
            try PlainHTTPGuard.check(url: "http://127.0.0.1.evil.example/v1", carriesCredentials: true, provider: Self.definition(host: "", auth: Self.key))
        }
        #expect(PlainHTTPGuard.isLoopback("[::1]") && PlainHTTPGuard.isLoopback("127.0.0.2") && !PlainHTTPGuard.isLoopback("10.0.0.1"))
    }

    @Test func theFileKeyIsRead() throws {
        let json = #"{"name": "lan", "engine": "ollama", "host": "http://gpu-box:11434", "models": [], "allow_insecure_http": true}"#
        let definition = try ProviderFileParser(path: "lan.json").parse(Data(json.utf8))
        #expect(definition.allowInsecureHTTP)
        let wrong = #"{"name": "lan", "engine": "ollama", "host": "http://gpu-box:11434", "models": [], "allow_insecure_http": "yes"}"#
        #expect(throws: ProviderFileError.self) { try ProviderFileParser(path: "lan.json").parse(Data(wrong.utf8)) }
    }
}
