import Foundation
import NatterProviders
import NatterSession
import NatterTestSupport
import Testing

@testable import NatterTools

/// NatterTools against real MCP servers started by the tests: `mcp-server-time` and `mcp-server-git` from
/// PyPI, and the scripted server (the official Python SDK) for slow calls, errors, crashes, huge and hostile
/// results, `list_changed`, and the two HTTP transports.
@Suite(.serialized) struct MCPServerTests {
    struct Fixture {
        let host: MCPToolHost
        let logs: String
        let scratch: String
    }

    static func fixture(_ servers: [(String, String)], environment: [String: String] = [:], startLimit: Duration = .seconds(30)) throws -> Fixture {
        let scratch = NSTemporaryDirectory() + "natter-mcp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let configuration = MCPConfiguration.parse(Data(MCPTestServers.file(servers).utf8), path: scratch + "/mcp.json")
        #expect(configuration.problems == [])
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        let host = MCPToolHost(configuration: configuration, logDirectory: scratch + "/logs", environment: env, startLimit: startLimit)
        return Fixture(host: host, logs: scratch + "/logs", scratch: scratch)
    }

    static let kit = ("kit", MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted]))

    static func ready(_ host: MCPToolHost) async -> [String] {
        await host.start()
        return await host.offeredTools(waitingUpTo: .seconds(30)).map(\.name)
    }

    static func call(_ host: MCPToolHost, _ name: String, _ arguments: String = "{}") async -> ToolResult {
        await host.run(ToolCall(id: "c", name: name, arguments: arguments))
    }

    /// Polls until the condition holds or the deadline passes.
    static func eventually(_ timeout: Duration = .seconds(20), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(25))
        }
        return await condition()
    }

    @Test func timeServerFromPyPIAnswers() async throws {
        let fixture = try Self.fixture([("time", MCPTestServers.stdioEntry(MCPTestServers.time))])
        let tools = await Self.ready(fixture.host)
        #expect(tools.contains("time__get_current_time") && tools.contains("time__convert_time"))
        let result = await Self.call(fixture.host, "time__get_current_time", "{\"timezone\": \"UTC\"}")
        #expect(!result.isError)
        #expect(result.content.contains("\"timezone\": \"UTC\"") || result.content.contains("\"timezone\":\"UTC\""), "\(result.content)")
        let identity = await fixture.host.identity(of: "time__get_current_time")
        #expect(identity == ToolIdentity(server: "time", tool: "get_current_time"))
        await fixture.host.stop()
    }

    @Test func gitServerFromPyPIReadsARepository() async throws {
        let fixture = try Self.fixture([("git", MCPTestServers.stdioEntry(MCPTestServers.git, [], extra: "\"allow\": [\"git_status\"]"))])
        let repository = fixture.scratch + "/repo"
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        let initialise = Process()
        initialise.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        initialise.arguments = ["init", "-q", repository]
        try initialise.run()
        initialise.waitUntilExit()
        try Data("hello".utf8).write(to: URL(fileURLWithPath: repository + "/notes-for-natter.txt"))

        let tools = await Self.ready(fixture.host)
        #expect(tools.contains("git__git_status"))
        #expect(await fixture.host.identity(of: "git__git_status")?.preapproved == true, "allow in mcp.json")
        #expect(await fixture.host.identity(of: "git__git_commit")?.preapproved == false)
        let result = await Self.call(fixture.host, "git__git_status", "{\"repo_path\": \"\(repository)\"}")
        #expect(!result.isError, "\(result.content)")
        #expect(result.content.contains("notes-for-natter.txt"))
        await fixture.host.stop()
    }

    @Test func errorsComeBackAsErrorResults() async throws {
        let fixture = try Self.fixture([Self.kit])
        _ = await Self.ready(fixture.host)
        let failed = await Self.call(fixture.host, "kit__fail", "{\"message\": \"boom\"}")
        #expect(failed.isError && failed.content.contains("boom"))
        let badArguments = await Self.call(fixture.host, "kit__echo", "{\"text\": ")
        #expect(badArguments.isError && badArguments.content.contains("not valid JSON"))
        let unknown = await Self.call(fixture.host, "kit__nosuch")
        #expect(unknown.isError && unknown.content == "There is no tool named kit__nosuch.")
        await fixture.host.stop()
    }

    @Test func aSlowCallTimesOutAndIsCancelledOnTheServer() async throws {
        let log = NSTemporaryDirectory() + "natter-scripted-\(UUID().uuidString).log"
        let entry = MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted], extra: "\"timeout_seconds\": 1, \"env\": {\"SCRIPTED_LOG\": \"\(log)\"}")
        let fixture = try Self.fixture([("kit", entry)])
        _ = await Self.ready(fixture.host)
        let result = await Self.call(fixture.host, "kit__slow", "{\"seconds\": 30}")
        #expect(result.isError && result.content.contains("no answer within 1 s"), "\(result.content)")
        #expect(await Self.eventually { (try? String(contentsOfFile: log, encoding: .utf8))?.contains("cancelled slow") == true },
            "the server was told to cancel")
        let after = await Self.call(fixture.host, "kit__echo", "{\"text\": \"still here\"}")
        #expect(after.content == "still here")
        await fixture.host.stop()
    }

    @Test func cancellingTheCallingTaskCancelsTheCallOnTheServer() async throws {
        let log = NSTemporaryDirectory() + "natter-scripted-\(UUID().uuidString).log"
        let entry = MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted], extra: "\"env\": {\"SCRIPTED_LOG\": \"\(log)\"}")
        let fixture = try Self.fixture([("kit", entry)])
        _ = await Self.ready(fixture.host)
        let host = fixture.host
        let running = Task { await Self.call(host, "kit__slow", "{\"seconds\": 60}") }
        try await Task.sleep(for: .milliseconds(300))  // the call is on its way (not an assertion)
        running.cancel()
        let result = await running.value
        #expect(result.isError && result.content.contains("cancelled"))
        #expect(await Self.eventually { (try? String(contentsOfFile: log, encoding: .utf8))?.contains("cancelled slow") == true })
        await fixture.host.stop()
    }

    @Test func aServerThatCrashesIsReportedAndStartedAgainOnce() async throws {
        let fixture = try Self.fixture([Self.kit])
        _ = await Self.ready(fixture.host)
        let crashed = await Self.call(fixture.host, "kit__crash")
        #expect(crashed.isError, "\(crashed.content)")
        #expect(await Self.eventually {
            guard case .failed(let reason)? = await fixture.host.statuses().first?.state else { return false }
            return reason.contains("exited with status 3")
        })
        let again = await Self.call(fixture.host, "kit__echo", "{\"text\": \"back\"}")
        #expect(again.content == "back", "started again at the next call")
        _ = await Self.call(fixture.host, "kit__crash")
        let gone = await Self.call(fixture.host, "kit__echo", "{\"text\": \"again\"}")
        #expect(gone.isError && gone.content.contains("failed"), "only once: \(gone.content)")
        await fixture.host.stop()
    }

    @Test func aHugeResultIsCutAndAHostileOneArrivesAsText() async throws {
        let fixture = try Self.fixture([Self.kit])
        _ = await Self.ready(fixture.host)
        let huge = await Self.call(fixture.host, "kit__huge", "{\"kilobytes\": 4096}")
        #expect(huge.content.hasPrefix("line 000001 "))
        #expect(huge.content.contains("[natter: the result was cut here; it had 4194304 bytes]"))
        let hostile = await Self.call(fixture.host, "kit__hostile")
        #expect(hostile.content.contains("\u{1B}]52;"), "kept as the server sent it; sanitized wherever it is shown")
        await fixture.host.stop()
    }

    @Test func listChangedIsFollowed() async throws {
        let fixture = try Self.fixture([Self.kit])
        let before = await Self.ready(fixture.host)
        #expect(!before.contains("kit__dyn"))
        let added = await Self.call(fixture.host, "kit__add_tool", "{\"name\": \"dyn\"}")
        #expect(added.content.contains("dyn"))
        #expect(await Self.eventually { await fixture.host.offeredTools(waitingUpTo: .zero).map(\.name).contains("kit__dyn") })
        #expect(await Self.call(fixture.host, "kit__dyn").content == "added dyn")
        await fixture.host.stop()
    }

    /// natter's own client (not an SDK's) answers the server's requests: `ping` with an empty result, and
    /// what it does not offer (roots) with JSON-RPC's "method not found", so a server never waits on it.
    @Test func theServersPingIsAnsweredAndWhatNatterDoesNotOfferIsRefused() async throws {
        let fixture = try Self.fixture([Self.kit])
        _ = await Self.ready(fixture.host)
        let ping = await Self.call(fixture.host, "kit__ping_client")
        #expect(!ping.isError && ping.content == "the client answered the ping", "\(ping.content)")
        let roots = await Self.call(fixture.host, "kit__ask_roots")
        #expect(roots.content.hasPrefix("refused:") && roots.content.contains("natter does not offer roots/list"), "\(roots.content)")
        #expect(await Self.call(fixture.host, "kit__echo", "{\"text\": \"after\"}").content == "after")
        await fixture.host.stop()
    }

    @Test func environmentWorkingDirectoryAndStandardErrorAreAsConfigured() async throws {
        let directory = NSTemporaryDirectory() + "natter-cwd-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let entry = MCPTestServers.stdioEntry(
            MCPTestServers.python, [MCPTestServers.scripted], extra: "\"env\": {\"SCRIPTED_GREETING\": \"hello from natter\"}, \"cwd\": \"\(directory)\"")
        let fixture = try Self.fixture([("kit", entry)], environment: [:])
        _ = await Self.ready(fixture.host)
        let whoami = await Self.call(fixture.host, "kit__whoami")
        #expect(whoami.content == "greeting=hello from natter cwd=\(directory)")
        let log = try String(contentsOfFile: fixture.logs + "/mcp-kit.log", encoding: .utf8)
        #expect(log.contains("scripted server starting"))
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.logs + "/mcp-kit.log")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        await fixture.host.stop()
    }

    @Test func aServerIsGivenWhatItNeedsOfTheEnvironmentButNoKeys() async throws {
        let entry = MCPTestServers.stdioEntry(
            MCPTestServers.python, [MCPTestServers.scripted], extra: "\"env\": {\"GIVEN_KEY\": \"${NATTER_TEST_GIVEN}\"}")
        let fixture = try Self.fixture(
            [("kit", entry)], environment: ["OPENAI_API_KEY": "sk-must-not-leak", "NATTER_TEST_GIVEN": "passed on purpose", "LC_ALL": "C.UTF-8"])
        _ = await Self.ready(fixture.host)
        #expect(await Self.call(fixture.host, "kit__getenv", "{\"name\": \"OPENAI_API_KEY\"}").content == "unset")
        #expect(await Self.call(fixture.host, "kit__getenv", "{\"name\": \"NATTER_TEST_GIVEN\"}").content == "unset")
        // It arrived; echoed back, a value given through ${VAR} is a secret natter holds, and is redacted.
        #expect(await Self.call(fixture.host, "kit__getenv", "{\"name\": \"GIVEN_KEY\"}").content == "[redacted]")
        #expect(await Self.call(fixture.host, "kit__getenv", "{\"name\": \"LC_ALL\"}").content == "C.UTF-8")
        #expect(await Self.call(fixture.host, "kit__getenv", "{\"name\": \"PATH\"}").content != "unset")
        await fixture.host.stop()
    }

    @Test func theCommandIsLookedUpInThePATHTheEntryGives() async throws {
        let entry = MCPTestServers.stdioEntry("python", [MCPTestServers.scripted], extra: "\"env\": {\"PATH\": \"\(MCPTestServers.venv):/usr/bin:/bin\"}")
        let fixture = try Self.fixture([("kit", entry)])
        #expect(await Self.ready(fixture.host).contains("kit__echo"))
        await fixture.host.stop()
    }

    @Test func aDeadServersToolsAreStillOfferedSoTheNextCallRestartsIt() async throws {
        let fixture = try Self.fixture([Self.kit])
        _ = await Self.ready(fixture.host)
        _ = await Self.call(fixture.host, "kit__crash")
        #expect(await Self.eventually { if case .failed? = await fixture.host.statuses().first?.state { return true } else { return false } })
        // The next request is built as a turn builds it: tools offered, then the call.
        #expect(await fixture.host.offeredTools(waitingUpTo: .zero).map(\.name).contains("kit__echo"))
        #expect(await Self.call(fixture.host, "kit__echo", "{\"text\": \"restarted\"}").content == "restarted")
        await fixture.host.stop()
    }

    @Test func stoppingAServerStopsItsChildren() async throws {
        let fixture = try Self.fixture([Self.kit])
        _ = await Self.ready(fixture.host)
        let child = try #require(pid_t(await Self.call(fixture.host, "kit__child").content))
        #expect(kill(child, 0) == 0)
        await fixture.host.stop()
        #expect(await Self.eventually(.seconds(5)) { kill(child, 0) != 0 }, "the server's own child is gone too")
    }

    @Test func aServerThatNeverAnswersInitializeIsReportedAndHoldsNothingUp() async throws {
        let fixture = try Self.fixture(
            [("silent", MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.silent])), Self.kit], startLimit: .seconds(8))
        await fixture.host.start()
        #expect(await fixture.host.offeredTools(waitingUpTo: .zero).allSatisfy { !$0.name.hasPrefix("silent__") })
        await fixture.host.settled(within: .seconds(30))
        let states = Dictionary(uniqueKeysWithValues: await fixture.host.statuses().map { ($0.name, $0.state) })
        #expect(states["silent"] == .failed("no answer to initialize within 8 s"))
        #expect(states["kit"] == .ready)
        await fixture.host.stop()
    }

    @Test func aCommandThatCannotStartSaysWhy() async throws {
        let fixture = try Self.fixture([("nope", MCPTestServers.stdioEntry("natter-no-such-command"))])
        await fixture.host.start()
        await fixture.host.settled(within: .seconds(10))
        #expect(await fixture.host.statuses().first?.state == .failed("cannot start \"natter-no-such-command\": No such file or directory (looked in the PATH it is given)"))
    }

    @Test func aMissingVariableIsNamed() async throws {
        let entry = MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted], extra: "\"env\": {\"K\": \"${NATTER_TEST_UNSET_VARIABLE}\"}")
        let fixture = try Self.fixture([("kit", entry)])
        await fixture.host.start()
        await fixture.host.settled(within: .seconds(10))
        #expect(await fixture.host.statuses().first?.state == .failed("env.K uses ${NATTER_TEST_UNSET_VARIABLE}, which is not set"))
    }

    @Test func aDisabledServerIsNotStarted() async throws {
        let entry = MCPTestServers.stdioEntry(MCPTestServers.python, [MCPTestServers.scripted], extra: "\"disabled\": true")
        let fixture = try Self.fixture([("kit", entry)])
        await fixture.host.start()
        await fixture.host.settled(within: .seconds(1))
        #expect(await fixture.host.statuses().first?.state == .disabled)
        #expect(await fixture.host.offeredTools(waitingUpTo: .zero).isEmpty)
    }

    @Test func switchingAServerOrAToolOffStopsOfferingIt() async throws {
        let fixture = try Self.fixture([Self.kit])
        let all = await Self.ready(fixture.host)
        #expect(all.contains("kit__echo") && all.contains("kit__add"))
        await fixture.host.setTool("kit__echo", enabled: false)
        let some = await fixture.host.offeredTools(waitingUpTo: .zero).map(\.name)
        #expect(!some.contains("kit__echo") && some.contains("kit__add"))
        await fixture.host.setServer("kit", enabled: false)
        #expect(await fixture.host.offeredTools(waitingUpTo: .zero).isEmpty)
        await fixture.host.stop()
    }
}
