import NatterProviders
import NatterSession

/// Tools in the chat (SPEC 7): the approval overlay (y once, a always, n deny, Esc cancels the turn), the
/// tools panel (F4) that switches servers and tools off for the session, and folding of results.
extension App {
    /// A call asks: shown at once over whatever was open (it holds the turn up), or after the one shown.
    mutating func queueApproval(_ approval: ApprovalState) {
        if case .approval? = state.overlay {
            state.tools.approvalQueue.append(approval)
        } else {
            state.overlay = .approval(approval)
        }
    }

    /// The turn was cancelled before the person answered.
    mutating func withdrawApproval(_ id: Int) {
        state.tools.approvalQueue.removeAll { $0.id == id }
        if case .approval(let shown)? = state.overlay, shown.id == id { showNextApproval() }
    }

    mutating func showNextApproval() {
        state.overlay = state.tools.approvalQueue.isEmpty ? nil : .approval(state.tools.approvalQueue.removeFirst())
    }

    mutating func openToolsPanel() {
        guard !state.tools.toolServers.isEmpty else {
            setStatus("no MCP servers: add them to mcp.json in natter's config folder (see docs/tools.md)", isError: false)
            return
        }
        state.overlay = .tools(selected: 0)
    }

    /// `o` on a selected tool message: its results whole, or folded to 3 lines again.
    mutating func toggleFolding(of id: String) {
        guard state.conversation[id]?.role == .tool else {
            setStatus("o opens a tool result; this is not one", isError: false)
            return
        }
        if state.pane.unfoldedResults.remove(id) == nil { state.pane.unfoldedResults.insert(id) }
        for index in state.pane.entries.indices where state.pane.entries[index].messageID == id {
            state.pane.entries[index].folded = !state.pane.unfoldedResults.contains(id)
            state.pane.entries[index].revision += 1
        }
    }

}

extension AppState {
    /// "tools on" in the header when the model takes tools and a server offers some.
    var toolsLabel: String? {
        guard !tools.toolServers.isEmpty else { return nil }
        let model = setup.providers.first { $0.name == setup.providerName }?.models.first { $0.name == setup.model }
        guard model?.supportsTools ?? true else { return "tools off (model)" }
        let ready = tools.toolServers.filter { $0.enabled && $0.isReady }.reduce(0) { $0 + $1.tools.filter(\.enabled).count }
        return ready > 0 ? "tools on (\(ready))" : "tools off"
    }
}
