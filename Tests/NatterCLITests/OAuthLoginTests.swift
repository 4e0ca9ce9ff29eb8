import Foundation
import NatterTestSupport
import Testing

/// `natter login`, `natter logout`, `natter providers` and `natter -p` with a provider that signs in with
/// OAuth, against a loopback OAuth server, run as a person runs them.
@Suite struct OAuthLoginTests {
    static func providerFile(_ oauth: LoopbackOAuthServer, chat: LoopbackServer, flow: String) -> String {
        """
        { "name": "corp", "engine": "openai", "host": "\(chat.url)/v1", "models": [ { "name": "corp-model" } ],
          "auth": { "type": "oauth", "flow": "\(flow)", "client_id": "natter-test", "client_secret": "${CORP_SECRET}",
                    "scopes": "chat", "device_authorization_url": "\(oauth.deviceAuthorizationURL)",
                    "token_url": "\(oauth.tokenURL)" } }
        """
    }

    /// Answers only requests with a token the OAuth server issued.
    static func chatServer(_ oauth: LoopbackOAuthServer) async throws -> LoopbackServer {
        try await LoopbackServer.start { request, _ in
            let token = (request.header("Authorization") ?? "").replacingOccurrences(of: "Bearer ", with: "")
            guard oauth.issuedAccessTokens.contains(token) else { return .json(#"{"error":"bad token"}"#, status: 401) }
            return .stream(PipeModeTests.sse(["hello"]))
        }
    }

    @Test func loginWithClientCredentialsStoresTheTokenPrivatelyAndPipeModeUsesIt() async throws {
        var script = LoopbackOAuthServer.Script()
        script.clientSecret = "cli-secret"
        let oauth = try await LoopbackOAuthServer.start(script)
        let chat = try await Self.chatServer(oauth)
        defer { Task { await oauth.stop(); await chat.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.providerFile(oauth, chat: chat, flow: "client_credentials"), named: "corp", in: home)
        let environment = ["CORP_SECRET": "cli-secret"]
        let tokenFile = home + "/config/oauth/corp.json"

        let (code, stdout, stderr) = try await NatterProcess.run(["login", "corp"], home: home, environment: environment)

        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout == "Signed in to corp; the token is saved in \(tokenFile)\n")
        #expect(!(stdout + stderr).contains("access-1"), "the token itself is never printed")
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: tokenFile)[.posixPermissions] as? Int)
        #expect(mode & 0o777 == 0o600)
        #expect(oauth.tokenRequests(grantType: "client_credentials").first?["client_secret"] == "cli-secret")

        let (askCode, answer, _) = try await NatterProcess.run(["-p", "hi", "--provider", "corp"], home: home, environment: environment)
        #expect(askCode == 0)
        #expect(answer == "hello\n")
        #expect(chat.requests.first?.header("Authorization") == "Bearer access-1")
        #expect(oauth.issuedAccessTokens == ["access-1"], "the stored token was used, not a new one")
        let sessions = try FileManager.default.contentsOfDirectory(atPath: home + "/data/sessions")
        let transcript = try String(contentsOfFile: home + "/data/sessions/" + sessions[0], encoding: .utf8)
        #expect(!transcript.contains("access-1"), "no token in a transcript")

        let (outCode, outText, _) = try await NatterProcess.run(["logout", "corp"], home: home, environment: environment)
        #expect(outCode == 0)
        #expect(outText == "Signed out of corp; removed \(tokenFile)\n")
        #expect(!FileManager.default.fileExists(atPath: tokenFile))
    }

    @Test func pipeModeRunsTheDeviceFlowWithInstructionsOnStandardError() async throws {
        var script = LoopbackOAuthServer.Script()
        script.devicePolls = [.approve]
        script.deviceInterval = 1
        let oauth = try await LoopbackOAuthServer.start(script)
        let chat = try await Self.chatServer(oauth)
        defer { Task { await oauth.stop(); await chat.stop() } }
        let home = try Scratch.home()
        try Scratch.provider(Self.providerFile(oauth, chat: chat, flow: "device"), named: "corp", in: home)
        let environment = ["CORP_SECRET": "unused"]
        func status() async throws -> String? {
            let (_, table, _) = try await NatterProcess.run(["providers"], home: home, environment: environment)
            return table.split(separator: "\n").first { $0.hasPrefix("corp ") }.map(String.init)
        }

        #expect(try await status()?.hasSuffix("  needs natter login") == true)

        let (code, stdout, stderr) = try await NatterProcess.run(["-p", "hi", "--provider", "corp"], home: home, environment: environment)

        #expect(code == 0, "stderr: \(stderr)")
        #expect(stdout == "hello\n")
        #expect(stderr.contains("natter: to sign in to corp, open \(oauth.url)/device and enter the code \(LoopbackOAuthServer.userCode)\n"))
        #expect(!stderr.contains("access-1"))
        #expect(chat.requests.first?.header("Authorization") == "Bearer access-1")
        #expect(try await status()?.hasSuffix("  ready") == true)

        let (outCode, _, _) = try await NatterProcess.run(["logout", "corp"], home: home, environment: environment)
        #expect(outCode == 0)
        #expect(try await status()?.hasSuffix("  needs natter login") == true)

        let (notOAuth, _, complaint) = try await NatterProcess.run(["login", "openai"], home: home)
        #expect(notOAuth == 1)
        #expect(complaint == "natter: openai does not sign in with OAuth; its key comes from the environment\n")
    }
}
