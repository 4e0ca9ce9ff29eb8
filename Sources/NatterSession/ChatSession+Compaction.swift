import Foundation
import NatterProviders

/// Compaction (SPEC 11): when a branch outgrows the model's window, older turns are summarized by the model
/// and requests carry the summary in their place. The messages stay where they were, on screen and on disk.
extension ChatSession {
    /// Summarizes older turns of the branch now (Ctrl+X). Returns false while a reply or another compaction
    /// runs; `compacted` or `compactionFailed` says how it went, and `turnEnded` that it is over.
    @discardableResult
    public func compactNow() -> Bool {
        guard reply == nil else { return false }
        let path = conversation.path()
        let origin = origin
        reply = Task {
            _ = await compact(path, for: origin, quietWhenNothingToDo: false)
            reply = nil
            outlet.emit(.turnEnded)
        }
        return true
    }

    /// Requests go with the whole branch again: the compaction in effect on it is dropped (and recorded so).
    @discardableResult
    public func undoCompaction() -> Bool {
        guard reply == nil, let compaction = conversation.compaction(on: conversation.path()) else { return false }
        conversation.undoCompaction(compaction.id)
        save(.uncompact(compaction.id))
        outlet.emit(.compactionUndone(compaction.id))
        return true
    }

    /// Why a message is not sent at all: alone (with the system prompt) it is larger than the model's known
    /// window, which no compaction of the history can help (a 273 kB paste to a 2k model once went out four
    /// times and failed). nil when it fits or the window is unknown.
    public func windowRefusal(_ text: String, attachments: [AttachmentRef] = []) -> String? {
        guard let window = contextWindow(of: origin) else { return nil }
        var size = ContextMeter.estimate(Message.user(text, attachments: attachments, parent: nil, origin: origin))
        if let systemPrompt { size = ExternalNumber.sum(size, ContextMeter.estimate(text: systemPrompt)) }
        guard size > window else { return nil }
        return "this message is about \(Quantities.count(size)) tokens, more than \(origin.label)'s window of \(Quantities.count(window)): choose a model with a larger window, or send a shorter part (a long file as an attachment)"
    }

    /// The model's window, from its provider file or model list; nil when nothing says.
    func contextWindow(of origin: Origin) -> Int? {
        modelInfo(provider: origin.provider, model: origin.model)?.contextWindow
    }

    /// Whether the request for `path` should be compacted before it goes: it passes the threshold of a known
    /// window.
    /// What a request for `path` needs of the model's context: the branch as sent (under its compaction), the
    /// system prompt, the tools' definitions, and room for the reply (its `max_tokens`, else 1,024).
    func contextNeed(_ path: [Message], tools: [ToolDefinition], parameters: ModelParameters, origin: Origin) -> ChatRequest.ContextNeed {
        var tokens = ContextMeter.measure(path, compaction: conversation.compaction(on: path)).tokens
        if let systemPrompt { tokens = ExternalNumber.sum(tokens, ContextMeter.estimate(text: systemPrompt)) }
        for tool in tools { tokens = ExternalNumber.sum(tokens, ContextMeter.estimate(text: tool.name + tool.description + "\(tool.inputSchema)")) }
        tokens = ExternalNumber.sum(tokens, max(0, parameters.maxTokens ?? 1024))
        return ChatRequest.ContextNeed(tokens: tokens, window: contextWindow(of: origin))
    }

    func needsCompaction(_ path: [Message], for origin: Origin) -> Bool {
        guard let window = contextWindow(of: origin) else { return false }
        var tokens = ContextMeter.measure(path, compaction: conversation.compaction(on: path)).tokens
        if let systemPrompt { tokens = ExternalNumber.sum(tokens, ContextMeter.estimate(text: systemPrompt)) }
        return CompactionPlan.isOverThreshold(tokens, window: window)
    }

    /// Summarizes the older turns of `path` with `origin`'s model. nil when it did not happen: nothing to
    /// summarize (said unless `quietWhenNothingToDo`), or the model failed; the conversation is then as it was.
    func compact(_ path: [Message], for origin: Origin, quietWhenNothingToDo: Bool) async -> Compaction? {
        let existing = conversation.compaction(on: path)
        let keep = contextWindow(of: origin).map { Int(Double($0) * CompactionPlan.keptShare) }
        guard let cut = CompactionPlan.cut(path, keep: keep, after: existing) else {
            if !quietWhenNothingToDo { outlet.emit(.compactionFailed("nothing to summarize yet: the conversation needs an exchange before the last one")) }
            return nil
        }
        let covered = Array(path[...cut])
        outlet.emit(.compactionStarted(messageCount: covered.count))
        let provider: any Provider
        let effective: ModelParameters
        do {
            (provider, effective) = try providerAndParameters(for: origin)
        } catch {
            outlet.emit(.compactionFailed(String(describing: error)))
            return nil
        }
        let window = contextWindow(of: origin)
        let limit = CompactionPlan.summaryLimit(window: window)
        let history = Self.requestHistory(covered, compaction: existing)
        // Each request carries one piece and the summary so far, so it fits the window however long the history.
        let pieces = CompactionPlan.pieces(history, budget: CompactionPlan.pieceBudget(window: window))
        guard pieces.count <= CompactionPlan.mostRounds else {
            outlet.emit(.compactionFailed("the \(covered.count) messages to summarize would take \(pieces.count) summary requests at \(origin.label)'s window; natter makes at most \(CompactionPlan.mostRounds): choose a model with a larger window"))
            return nil
        }
        var summary: String?
        var usage: Usage?
        for piece in pieces {
            let request = CompactionPlan.request(piece: piece, summarySoFar: summary, model: origin.model, parameters: effective, limit: limit)
            switch await summarize(request, with: provider, limit: limit, usage: &usage) {
            case .success(let text): summary = text
            case .failure(let reason):
                outlet.emit(.compactionFailed(reason.description))
                return nil
            }
        }
        guard !Task.isCancelled else {
            outlet.emit(.compactionFailed("cancelled"))
            return nil
        }
        let trimmed = (summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            outlet.emit(.compactionFailed("\(origin.label) answered with an empty summary"))
            return nil
        }
        let replaced = history.reduce(0) { ExternalNumber.sum($0, ContextMeter.estimate($1)) }
        let size = ContextMeter.estimate(text: trimmed)
        guard size < replaced else {
            outlet.emit(.compactionFailed("the summary (~\(size) tokens) is no smaller than the \(covered.count) messages it would replace (~\(replaced)): not used"))
            return nil
        }
        usage = usage.map { priced($0, by: origin) }
        let compaction = Compaction(
            through: covered[covered.count - 1].id, messageCount: covered.count, summary: trimmed, origin: origin, usage: usage)
        conversation.add(compaction)
        save(.compaction(compaction))
        outlet.emit(.compacted(compaction))
        return compaction
    }

    /// Why one summary request gave nothing usable, in words.
    struct SummaryFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// One summary request, read until it ends or passes `limit` tokens (a server that floods a summary must
    /// not fill natter's memory or every later request).
    private func summarize(
        _ request: ChatRequest, with provider: any Provider, limit: Int, usage: inout Usage?
    ) async -> Result<String, SummaryFailure> {
        var summary = CompletionAccumulator()
        // Bytes, twice what the meter counts for `limit` tokens: the request asks the model to stop at the limit,
        // and this holds a server that does not (or counts tokens otherwise) from flooding natter.
        let most = limit * 8
        do {
            for try await chunk in provider.stream(request) {
                summary.add(chunk)
                if case .usage(let reported) = chunk { usage = (usage ?? Usage()).updated(with: reported) }
                if summary.completion.text.utf8.count > most {
                    return .failure(SummaryFailure(description: "the summary went on well past \(limit) tokens, where it was asked to stop (an eighth of the window): too large to stand in for the conversation, not used"))
                }
            }
        } catch is CancellationError {
            return .failure(SummaryFailure(description: "cancelled"))
        } catch {
            return .failure(SummaryFailure(description: String(describing: error)))
        }
        return .success(summary.completion.text)
    }
}
