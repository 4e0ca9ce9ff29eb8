import Foundation
import NatterProviders

/// What the sessions list shows of one transcript, without its messages: kept in the index so that listing
/// thousands of sessions reads one small file instead of every transcript.
public struct SessionSummary: Sendable, Hashable, Codable {
    public var id: String
    /// The latest `title` record, if the person named the session.
    public var title: String?
    /// The start of the first thing the person said: the title until one is set.
    public var firstPrompt: String?
    /// Listed first, and never pruned.
    public var pinned = false
    /// Listed only when archived sessions are asked for.
    public var archived = false
    public var created: Date?
    /// The time of the last message or switch; the file's modification time when it holds none.
    public var lastActivity: Date
    /// Messages of the active branch.
    public var messageCount: Int
    /// Every "provider · model" that answered or was switched to, in order of first use.
    public var models: [String]
    /// The provider and model the conversation last used: where resuming it picks up.
    public var lastProvider: String?
    public var lastModel: String?
    /// The format version in the header; 0 when the file has none.
    public var version: Int
    /// Lines skipped as unreadable (the reader says which when the session is opened).
    public var skippedLines: Int
    /// Replies that came whole, and replies that failed (an error, not an interruption or a cancel).
    public var answeredReplies = 0
    public var failedReplies = 0
    /// What the conversation's replies cost, every branch (US dollars); nil when no reply had a known price.
    public var cost: Double?
    /// Input tokens the providers counted, and those of them read from a prompt cache (every branch); nil in an
    /// index written before natter kept them.
    public var inputTokens: Int?
    public var cacheReadTokens: Int?
    /// The branch's leaf as far as records read one at a time can follow it (nil after format-1 records,
    /// which have no ids), and the role of the last message, for format 1's regenerate rule.
    var activeLeaf: String?
    var lastRole: Role?
    /// A record changed branch (a message not after the leaf, an `active` record): the count needs the
    /// whole tree, which `SessionIndex` then reads.
    var needsFullCount = false

    /// Every reply failed (a 401, a rejected request): said in the lists, where a "2 msg" session looked
    /// like a conversation.
    public var onlyFailed: Bool { answeredReplies == 0 && failedReplies > 0 }

    public init(id: String, lastActivity: Date) {
        self.id = id
        self.lastActivity = lastActivity
        messageCount = 0
        models = []
        version = 0
        skippedLines = 0
    }

    /// The summary of a transcript already read whole (a review, a resumed session).
    public init(id: String, transcript: Transcript) {
        self.init(id: id, lastActivity: .distantPast)
        transcript.forEachRecord { add($0) }
        messageCount = transcript.activeBranch.count
        activeLeaf = transcript.conversation.activeLeaf
        needsFullCount = false
        skippedLines = transcript.skippedLines.count
    }

    /// The name to show: the title, else the first prompt, else a placeholder.
    public var displayTitle: String {
        if let title, !title.isEmpty { return title }
        if let firstPrompt, !firstPrompt.isEmpty { return firstPrompt }
        return messageCount == 0 ? "(empty)" : "(untitled)"
    }

    /// "provider · model" the conversation last used (where resuming picks up), not the last one added to
    /// `models`: after switching back to an earlier model that one is the newest in use.
    public var currentModel: String? {
        guard let lastProvider, let lastModel else { return models.last }
        return "\(lastProvider) · \(ModelName.short(lastModel))"
    }

    /// Nothing in it looked like a natter transcript.
    public var isForeign: Bool { version == 0 && messageCount == 0 && title == nil }

    /// Folds one more record in; records arrive in file order.
    public mutating func add(_ record: TranscriptRecord) {
        switch record {
        case .session(let header):
            if version == 0 {
                created = header.created
                version = header.version
                lastActivity = max(lastActivity, header.created)
            }
        case .message(let message):
            countOnBranch(message)
            if message.role == .user, firstPrompt == nil {
                firstPrompt = Self.firstLine(of: message.text)
            }
            if let origin = message.origin, message.role == .assistant {
                use(provider: origin.provider, model: origin.model)
            } else if lastProvider == nil, let origin = message.origin {
                use(provider: origin.provider, model: origin.model)
            }
            lastActivity = max(lastActivity, message.created)
            // Saturating: a summary may come from index.json, whose numbers anything could have written.
            if message.finish?.isAnswer == true {
                answeredReplies = ExternalNumber.sum(answeredReplies, 1)
            } else if message.finish == .error {
                failedReplies = ExternalNumber.sum(failedReplies, 1)
            }
            spent(message.usage?.cost)
            counted(message.usage)
        case .switchModel(let provider, let model, let at):
            use(provider: provider, model: model)
            lastActivity = max(lastActivity, at)
        case .title(let title, let maker):
            self.title = title
            spent(maker?.usage?.cost)  // asking for it was paid for too
        case .pinned(let on):
            pinned = on
        case .archived(let on):
            archived = on
        case .partial:
            break  // the reply in flight: counted when its message record comes
        case .params, .systemPrompt, .uncompact:
            break
        case .compaction(let compaction):
            spent(compaction.usage?.cost)  // the summary was paid for too
        case .active:
            needsFullCount = true
        }
    }

    /// One more message on the active branch, when it plainly is: after the leaf (format 2), or after the
    /// message before it (format 1, where a reply after a reply replaced it).
    private mutating func countOnBranch(_ message: Message) {
        defer { lastRole = message.role }
        if message.id.isEmpty {
            activeLeaf = nil
            if !(message.role == .assistant && lastRole == .assistant) { messageCount = ExternalNumber.sum(messageCount, 1) }
        } else if message.parent == activeLeaf {
            activeLeaf = message.id
            messageCount = ExternalNumber.sum(messageCount, 1)
        } else {
            activeLeaf = message.id
            needsFullCount = true
        }
    }

    /// Adds an amount; the total stays a sane number whatever index.json said before.
    /// The share of the input read from prompt caches, as a whole percentage; nil when none was reported.
    public var cachePercent: Int? { Usage(inputTokens: inputTokens, cacheReadTokens: cacheReadTokens).cachePercent }

    mutating func counted(_ usage: Usage?) {
        guard let usage, let input = usage.inputTokens else { return }
        inputTokens = ExternalNumber.sum(inputTokens ?? 0, input)
        if let read = usage.cacheReadTokens { cacheReadTokens = ExternalNumber.sum(cacheReadTokens ?? 0, read) }
    }

    mutating func spent(_ dollars: Double?) {
        guard let dollars else { return }
        cost = ExternalNumber.dollars((ExternalNumber.dollars(cost) ?? 0) + dollars) ?? cost
    }

    private mutating func use(provider: String, model: String) {
        lastProvider = provider
        lastModel = model
        let name = "\(provider) · \(model)"
        if !models.contains(name) { models.append(name) }
    }

    /// The first non-blank line of a message, cut to 120 characters: a title until one is given.
    public static func firstLine(of text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 120 ? String(trimmed.prefix(119)) + "…" : trimmed
    }
}
