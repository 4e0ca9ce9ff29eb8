import NatterProviders

/// What a session needs to offer tools: the host that has them and the approver who says yes or no.
struct ToolSupport: Sendable {
    var host: any ToolHost
    var approver: any ToolApprover
    /// How long a request waits for servers still starting (ToolHost.offeredTools).
    var startWait: Duration
}

/// The tool side of a turn (SPEC 7): which tools a request offers, and the names of a reply's calls. The calls
/// themselves are looked up, approved and run as `TurnFlow` says (`runTurn`).
extension ChatSession {
    /// A reply that keeps asking for tools is stopped after this many rounds.
    public static let maxToolRounds = 25

    /// Offers `host`'s tools to models that take tools, `approver` deciding each call.
    public func useTools(_ host: (any ToolHost)?, approver: any ToolApprover, waitingUpTo startWait: Duration = .zero) {
        tools = host.map { ToolSupport(host: $0, approver: approver, startWait: startWait) }
    }

    /// The tools a request to `model` carries: none for a model whose provider file says it takes no tools.
    /// Servers still starting are waited for, up to the session's limit, saying so: the first message typed
    /// right after start-up once went without the tools of a server a moment from ready.
    func offeredTools(for provider: any Provider, model: String) async -> [ToolDefinition] {
        guard let tools else { return [] }
        guard provider.metadata.models.first(where: { $0.name == model })?.supportsTools ?? true else { return [] }
        guard tools.startWait > .zero else { return await tools.host.offeredTools(waitingUpTo: .zero) }
        let starting = await tools.host.startingServers()
        guard !starting.isEmpty else { return await tools.host.offeredTools(waitingUpTo: .zero) }
        outlet.emit(.waitingForTools(servers: starting))
        defer { outlet.emit(.waitingForTools(servers: [])) }
        let (skips, skip) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        toolWaitSkip = skip
        defer { toolWaitSkip = nil }
        let host = tools.host
        let limit = tools.startWait
        // Whichever comes first: every server settled (or the limit), or the person asked to go without them.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { _ = await host.offeredTools(waitingUpTo: limit) }
            group.addTask { for await _ in skips { return } }
            await group.next()
            group.cancelAll()
            skip.finish()
        }
        return await tools.host.offeredTools(waitingUpTo: .zero)
    }

    /// Ends a wait for servers still starting (Esc while it is said): the request goes with the tools ready now.
    public func sendWithoutWaitingForTools() {
        toolWaitSkip?.yield()
    }

    /// The reply with each call's server named, as its transcript record keeps it.
    func named(_ reply: Message) async -> Message {
        guard let tools, !reply.toolCalls.isEmpty else { return reply }
        var named = reply
        for (index, part) in reply.parts.enumerated() {
            guard case .toolCall(var call) = part, let identity = await tools.host.identity(of: call.name) else { continue }
            call.server = identity.server
            named.parts[index] = .toolCall(call)
        }
        return named
    }
}
