import Foundation
import Synchronization
import NatterProviders
import NatterSession
import NatterTools

/// `natter -p`: one question, the answer streamed to standard output, errors to standard error, the exchange
/// saved as a session (unless `--no-save`).
struct PipeMode {
    let json: Bool
    /// Set when nothing chose a provider (a first run): said after a failure to reach the Ollama natter fell
    /// back to, with the ways to get going.
    var firstRunGuidance: [String]? = nil

    private let out = OutputStream.standardOutput
    private let err = OutputStream.standardError

    /// The exit status of a reply cut at the token limit: printed whole as far as it went, but not complete.
    static let cutExitStatus: Int32 = 3

    /// The process exit code: 0 only for a complete reply.
    func run(
        question: String, attachments: [AttachmentRef] = [], attachmentStore: AttachmentStore? = nil, system: String?,
        parameters: ModelParameters = ModelParameters(), selection: ProviderSelection, registry: ProviderRegistry, sessionsDirectory: String?,
        resumed: ResumedSession? = nil, tools: MCPToolHost? = nil, approver: any ToolApprover = PipeApprover(approve: nil)
    ) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        // An OAuth provider without a usable token signs in here, its instructions on standard error.
        let context = ProviderContext(oauthPresenter: .standardError)
        // Checked before a session exists, so that a missing key leaves no empty transcript behind.
        let provider: any Provider
        let model: String
        do {
            provider = try registry.provider(named: selection.provider, context: context)
            model = try await Self.model(for: provider, requested: selection.model)
        } catch {
            report(error as? ProviderError ?? ProviderError(.network, String(describing: error)))
            return 1
        }
        let chosen = Origin(provider: provider.metadata.name, model: model)
        // A provider whose file lists no models (a local server's) is asked for its list, as the chat asks: the
        // window the server says (SPEC 15) bounds what is sent and when it is compacted. And an image goes only to
        // a model said to read it: one the file does not list is looked up there too (LiteLLM's list says).
        var listed: [ModelInfo] = []
        var info = provider.metadata.models.first { $0.name == model }
        if provider.metadata.models.isEmpty || (info == nil && attachments.contains(where: \.isImage)) {
            listed = await provider.modelListing().models
            info = listed.first { $0.name == model } ?? info
        }
        if attachments.contains(where: \.isImage) {
            if let refusal = ChatSession.imageRefusal(model: info, provider: chosen.provider, name: model) {
                err.write("natter: not sent: \(TerminalText.singleLine(refusal, limit: 400)); pass --model with one that does (`natter models \(chosen.provider)` marks them)\n")
                return 1
            }
        }
        let session: ChatSession
        let id: String
        if let resumed, let sessionsDirectory {
            let opened = SessionContinuation.open(
                resumed.id, transcript: resumed.transcript, store: SessionStore(directory: sessionsDirectory), registry: registry,
                context: context, fallback: chosen, continueWith: chosen, attachments: attachmentStore)
            if let notice = opened.notice { err.write("natter: \(notice)\n") }
            (session, id) = (opened.session, opened.id)
            await opened.begin()
        } else {
            id = SessionID.make()
            session = ChatSession(
                id: id, registry: registry, context: context, provider: chosen.provider, model: chosen.model,
                transcriptPath: sessionsDirectory.map { "\($0)/\(id).jsonl" }, attachments: attachmentStore)
        }
        if !listed.isEmpty { await session.learnModels(listed, of: chosen.provider) }
        // A resumed session keeps its saved prompt unless one is given.
        if let system { await session.setSystemPrompt(system) }
        // A resumed session goes on with its saved parameters; the flags change only what they name.
        if !parameters.isEmpty { await session.setParameters(await session.parameters.overridden(by: parameters)) }
        if let tools {
            for problem in tools.problems { err.write("natter: \(TerminalText.singleLine(problem, limit: 400))\n") }
            // The first prompt goes at once: servers still starting are waited for, a little.
            await session.useTools(tools, approver: approver, waitingUpTo: Self.serverStartWait)
            Task {
                await tools.settled(within: Self.serverStartWait)
                for status in await tools.statuses() {
                    if case .failed(let reason) = status.state {
                        err.write("natter: MCP server \(TerminalText.singleLine(status.name, limit: 60)) \(TerminalText.singleLine(reason, limit: 300))\n")
                    }
                }
            }
        }
        if json {
            out.write(JSONEvent.start(provider: provider.metadata.name, model: model, session: sessionsDirectory == nil ? nil : id) + "\n")
        }
        let interrupted = Mutex(false)
        let interrupt = InterruptSignal {
            interrupted.withLock { $0 = true }
            Task { await session.cancel() }
        }
        defer { interrupt.cancel() }
        let events = session.eventStream()
        // A message larger than the model's whole window is not sent (SPEC 11); an image the model cannot take was
        // refused above.
        if let refusal = await session.windowRefusal(question, attachments: attachments) {
            err.write("natter: not sent: \(TerminalText.singleLine(refusal, limit: 400))\n")
            return 1
        }
        guard await session.send(question, attachments: attachments) else { return 1 }
        // The limit a cut reply is said to have met: the file's default for the model under what was set.
        let maxTokens = (provider.metadata.modelParameters[model] ?? ModelParameters()).overridden(by: await session.parameters).maxTokens
        return await print(events, maxTokens: maxTokens, interrupted: { interrupted.withLock { $0 } })
    }

    /// How long the question waits for MCP servers still starting; a server later than that is left out.
    static let serverStartWait = Duration.seconds(15)

    /// The model named, else the provider's preferred one, else the first it lists (local servers). A model
    /// list that cannot be had is a reason to name a model, not the chat's own failure.
    static func model(for provider: any Provider, requested: String?) async throws -> String {
        if let requested { return requested }
        if let preferred = provider.metadata.preferredModel { return preferred }
        let listing = await provider.modelListing()
        if let first = listing.models.first { return first.name }
        let name = provider.metadata.name
        // Said as what it is (rate limited, a server error, refused), not as a configuration problem.
        if let reason = listing.fallbackReason {
            throw ProviderError(
                reason.kind, "no model chosen: \(name)'s model list could not be read (\(reason.message)); pass --model (see `natter models \(name)`)",
                status: reason.status)
        }
        throw ProviderError(.configuration, "no model chosen: \(name) lists no models; pass --model (see `natter models \(name)`)")
    }

    private func print(_ events: AsyncStream<SessionEvent>, maxTokens: Int?, interrupted: () -> Bool) async -> Int32 {
        // Model output is untrusted: on a terminal, escape sequences in it must not reach the screen.
        let clean = out.isTerminal ? { TerminalText.sanitized($0) } : { (text: String) in text }
        var endsWithNewline = true
        var wroteText = false
        var lastReply: Message?
        /// Replies in this turn: a turn that ends on calls before the round limit ended because nothing ran them.
        var replies = 0
        for await event in events {
            switch event {
            case .text(_, let text):
                if json {
                    out.write(JSONEvent.text(text) + "\n")
                } else {
                    out.write(clean(text))
                    wroteText = true
                    endsWithNewline = text.hasSuffix("\n")
                }
            case .reasoning(_, let text):
                if json {
                    out.write(JSONEvent.reasoning(text) + "\n")
                } else if err.isTerminal {
                    err.write("\u{1B}[2m" + TerminalText.sanitized(text) + "\u{1B}[0m")
                }
            case .toolCall:
                break  // whole calls are written when their reply is in
            case .toolFinished(let result):
                if json { out.write(JSONEvent.toolResult(result) + "\n") }
            case .usage(_, let usage):
                if json { out.write(JSONEvent.usage(usage) + "\n") }
            case .retrying(_, let notice):
                if json { out.write(JSONEvent.retrying(notice) + "\n") }
                err.write(Self.describe(notice) + "\n")
            case .saveFailed(let reason):
                err.write("natter: \(TerminalText.singleLine(reason, limit: 300)); this exchange is not saved\n")
            case .notice(let text):
                err.write("natter: \(TerminalText.singleLine(text, limit: 400))\n")
            case .notSent(let reason):
                err.write("natter: not sent: \(TerminalText.singleLine(reason, limit: 400))\n")
            case .settingsChanged:
                break  // set from the command line, which said them
            case .titled:
                break  // pipe mode asks for no title: it ends with its reply
            case .compactionStarted(let count):
                err.write("natter: summarizing the first \(count) messages for the model, to fit its context window\n")
            case .compacted(let compaction):
                if json { out.write(JSONEvent.compacted(compaction) + "\n") }
                err.write("natter: requests carry a summary of the first \(compaction.messageCount) messages from now on (the transcript keeps them all)\n")
            case .compactionFailed(let reason):
                err.write("natter: no summary made: \(TerminalText.singleLine(reason, limit: 300))\n")
            case .compactionUndone, .waitingForTools:
                break
            case .replyEnded(let message):
                if json { for call in message.toolCalls { out.write(JSONEvent.toolCall(call) + "\n") } }
                if json, let cost = message.usage?.cost { out.write(JSONEvent.cost(cost) + "\n") }
                lastReply = message
            case .toolStarted(let call, let identity):
                if !json, err.isTerminal {
                    err.write("\u{1B}[2mnatter: running \(TerminalText.singleLine(identity.server, limit: 60)) · \(TerminalText.singleLine(identity.tool, limit: 80)) \(TerminalText.singleLine(ToolArgumentsText.compact(call.arguments), limit: 200))\u{1B}[0m\n")
                }
            case .turnEnded:
                if !json && wroteText && !endsWithNewline { out.write("\n") }
                guard let lastReply else { return 1 }
                if lastReply.finish == .toolCalls {
                    // The turn ended on a reply whose calls got no answer from the model: not a complete reply.
                    if interrupted() {
                        if json { out.write(JSONEvent.cancelled() + "\n") }
                        err.write("natter: cancelled\n")
                        return 130
                    }
                    let asked = lastReply.toolCalls.map { TerminalText.singleLine($0.name, limit: 80) }.joined(separator: ", ")
                    let reason = replies >= ChatSession.maxToolRounds
                        ? "natter stopped after \(ChatSession.maxToolRounds) rounds of tool calls without a final answer"
                        : "the model asked to run \(asked), but no tools were offered to it (no MCP servers, or --no-tools): the reply ends there"
                    if json { out.write(JSONEvent.error(kind: .interrupted, message: reason) + "\n") }
                    err.write("natter: \(reason)\n")
                    return 1
                }
                return conclude(lastReply, partial: wroteText, maxTokens: maxTokens)
            case .replyStarted:
                replies += 1
                if !json && wroteText && !endsWithNewline {
                    out.write("\n")  // a reply after tool calls starts on a line of its own
                    endsWithNewline = true
                }
            case .messageAdded, .switched, .activated:
                break
            }
        }
        return 1
    }

    /// Reports how the reply ended and gives the exit code for it.
    private func conclude(_ message: Message, partial: Bool, maxTokens: Int?) -> Int32 {
        switch message.finish {
        case .stop?, .toolCalls?:
            if json { out.write(JSONEvent.finished(.stop) + "\n") }
            return 0
        case .length?:
            // All of it is printed, but it is not the whole answer: said, with its own exit status for scripts.
            if json { out.write(JSONEvent.finished(.length) + "\n") }
            let limit = maxTokens.map { " (max_tokens \($0))" } ?? ""
            err.write("natter: the reply was cut at the token limit\(limit); raise it with --max-tokens\n")
            return Self.cutExitStatus
        case .contentFilter?:
            // Complete as far as the provider goes, but not the answer asked for: said, and not a success.
            if json { out.write(JSONEvent.finished(.contentFilter) + "\n") }
            err.write("natter: the provider's content filter stopped or refused the reply\n")
            return 1
        case .cancelled?:
            if json { out.write(JSONEvent.cancelled() + "\n") }
            err.write("natter: cancelled\n")
            return 130
        case .interrupted?, .error?, nil:
            let kind: ProviderError.Kind = message.finish == .interrupted ? .interrupted : .rejected
            if json { out.write(JSONEvent.error(kind: kind, message: message.error ?? "failed") + "\n") }
            let note = partial && message.finish == .interrupted ? " (the partial reply above is incomplete)" : ""
            err.write("natter: \(message.error ?? "the reply failed")\(note)\n")
            if !partial { guideIfFirstRun(after: message.error ?? "") }
            return 1
        }
    }

    private func report(_ error: ProviderError) {
        if json { out.write(JSONEvent.error(kind: error.kind, message: error.message, status: error.status) + "\n") }
        err.write("natter: \(error)\n")
        guideIfFirstRun(after: error.description)
    }

    /// Nothing was set up and the fallback Ollama is not there: what to do, rather than only "connection refused".
    private func guideIfFirstRun(after failure: String) {
        guard let firstRunGuidance, failure.contains("network error") || failure.contains("could not be read") else { return }
        err.write(firstRunGuidance.map { "\($0)\n" }.joined())
    }

    static func describe(_ notice: RetryNotice) -> String {
        "natter: \(notice.reason); retrying in \(String(format: "%.1f", notice.delay.inSeconds)) s (\(notice.attempt)/\(notice.maxRetries))"
    }
}
