import NatterProviders
import NatterSession

/// The sessions browser (Ctrl+S): every saved session filtered by title, or hits of a search of all text.
public struct BrowserState: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        /// Sessions, filtered by what is typed (title or id).
        case list
        /// Every transcript searched for what is typed, hits listed as they are found.
        case search
    }

    public var mode = Mode.list
    public var filter = InputBuffer()
    public var query = InputBuffer()
    public var selected = 0
    public var sessions: [SessionSummary] = []
    public var isLoading = true
    /// Hits for `searchedQuery`, in the order found (newest sessions first).
    public var hits: [SearchHit] = []
    public var searchedQuery = ""
    public var isSearching = false
    /// The list shows the archived sessions instead of the others.
    public var showsArchived = false

    public init() {}

    /// Sessions of the list shown (archived or not) whose title or id holds every word of the filter.
    public var filteredSessions: [SessionSummary] {
        let words = filter.string.lowercased().split(separator: " ")
        return sessions.filter { summary in
            guard summary.archived == showsArchived else { return false }
            guard !words.isEmpty else { return true }
            let haystack = (summary.displayTitle + " " + summary.id).lowercased()
            return words.allSatisfy { haystack.contains($0) }
        }
    }

    /// How many rows can be selected in the current mode.
    public var rowCount: Int { mode == .list ? filteredSessions.count : hits.count }

    /// The query as typed now is the one searched for: earlier hits go, the first row is highlighted.
    mutating func restartSearch() {
        selected = 0
        hits = []
        searchedQuery = query.string
        isSearching = TranscriptSearch(searchedQuery) != nil
    }
}

/// What can be done to a saved session from the browser or its review, each asked on the input line first
/// (pin and archive, which lose nothing, are done at once).
public enum SessionAction: Sendable, Hashable {
    case rename, export, delete
}

/// A saved session open read-only; the conversation it replaced on screen waits in `parked`.
public struct ReviewState: Sendable, Hashable {
    public var summary: SessionSummary
    /// What the reader could not show (skipped lines, a newer format).
    public var problems: [String]
    /// The search that led here, highlighted in the transcript.
    public var highlight: String?
    /// The browser as it was, for Esc.
    public var browser: BrowserState
    public var parked: ParkedChat
}

/// The live conversation's screen while a saved one is reviewed: everything a review's reset replaces, so that
/// leaving the review gives back the chat as it was (its meter once showed the reviewed session's count).
public struct ParkedChat: Sendable, Hashable {
    public var conversation: Conversation
    public var notices: [String: [TranscriptEntry]]
    public var pane: PaneState
    public var title: String?
    public var meter: ConversationMeter
    public var parameters: ModelParameters
    public var systemPrompt: String?
    public var saveFailure: String?

    /// The chat `state` shows now.
    public init(_ state: AppState) {
        conversation = state.conversation
        notices = state.notices
        pane = state.pane
        title = state.title
        meter = state.meter
        parameters = state.setup.parameters
        systemPrompt = state.setup.systemPrompt
        saveFailure = state.status.saveFailure
    }

    /// Puts the chat back as it was parked.
    public func restore(into state: inout AppState) {
        state.conversation = conversation
        state.notices = notices
        // Entry ids only ever count up (the layout cache keys its lines by them): the review's stay spent.
        let nextEntryID = max(state.pane.nextEntryID, pane.nextEntryID)
        state.pane = pane
        state.pane.nextEntryID = nextEntryID
        state.title = title
        state.meter = meter
        state.setup.parameters = parameters
        state.setup.systemPrompt = systemPrompt
        state.status.saveFailure = saveFailure
    }
}

/// A question asked in the input row; Enter answers it, Esc drops it.
public struct Prompt: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case rename(sessionID: String)
        case export(sessionID: String)
        case confirmDelete(sessionID: String)
        /// A Ctrl+X row being edited.
        case setting(SettingsRow)
        /// A value a template asks for (`{{topic}}`).
        case templateValue(TemplateRun, name: String)
        /// A template's commands shown before any runs: y runs them.
        case confirmTemplateCommands(TemplateRun)

        /// A question answered by one key: y is yes, any other key no.
        var isYesOrNo: Bool {
            switch self {
            case .confirmDelete, .confirmTemplateCommands: return true
            case .rename, .export, .setting, .templateValue: return false
            }
        }
    }

    public var kind: Kind
    public var label: String
    public var input: InputBuffer

    /// The question an action on a session asks first: a new title, where to export, a yes or no.
    static func asking(_ action: SessionAction, about session: SessionSummary) -> Prompt {
        switch action {
        case .rename:
            return Prompt(kind: .rename(sessionID: session.id), label: "Rename to", input: InputBuffer(session.displayTitle))
        case .export:
            return Prompt(kind: .export(sessionID: session.id), label: "Export Markdown to", input: InputBuffer("\(session.id).md"))
        case .delete:
            let title = TerminalText.singleLine(session.displayTitle, limit: 40)
            return Prompt(kind: .confirmDelete(sessionID: session.id), label: "Delete \"\(title)\"? y/n", input: InputBuffer())
        }
    }
}
