import NatterProviders
import NatterSession

/// Tools in the chat (SPEC 7): the approval overlay (y once, a always, n deny, Esc cancels the turn), the
/// tools panel (F4) that switches servers and tools off for the session, and folding of results.
extension App {
    /// A call asks: shown at once over whatever was open (it holds the turn up), or after the one shown.
    func queueApproval(_ approval: ApprovalState) {
        if case .approval? = state.overlay {
            state.approvalQueue.append(approval)
        } else {
            state.overlay = .approval(approval)
        }
    }

    /// The turn was cancelled before the person answered.
    func withdrawApproval(_ id: Int) {
        state.approvalQueue.removeAll { $0.id == id }
        if case .approval(let shown)? = state.overlay, shown.id == id { showNextApproval() }
    }

    private func showNextApproval() {
        state.overlay = state.approvalQueue.isEmpty ? nil : .approval(state.approvalQueue.removeFirst())
    }

    func handleApproval(_ key: Key, _ approval: ApprovalState) -> [AppIntent] {
        let name = approval.request.identity.tool
        switch key {
        case .character("y"), .character("Y"), .enter:
            showNextApproval()
            setStatus("running \(name)", isError: false)
            return [.answerTool(id: approval.id, .once)]
        case .character("a"), .character("A"):
            showNextApproval()
            setStatus("\(name) runs without asking for the rest of this session", isError: false)
            return [.answerTool(id: approval.id, .always)]
        case .character("n"), .character("N"):
            showNextApproval()
            setStatus("declined \(name); the model is told", isError: false)
            return [.answerTool(id: approval.id, .deny)]
        case .escape, .control("c"):
            // The turn's cancellation answers the waiting calls (as not run), not a denial raced against it.
            state.approvalQueue = []
            state.overlay = nil
            return requestCancel()
        case .down, .wheelDown, .shiftDown: state.overlay = .approval(scrolled(approval, by: 1))
        case .up, .wheelUp, .shiftUp: state.overlay = .approval(scrolled(approval, by: -1))
        case .pageDown: state.overlay = .approval(scrolled(approval, by: 10))
        case .pageUp: state.overlay = .approval(scrolled(approval, by: -10))
        default: break
        }
        return []
    }

    private func scrolled(_ approval: ApprovalState, by lines: Int) -> ApprovalState {
        var moved = approval
        let count = ApprovalOverlay.argumentLines(approval.request).count
        moved.top = max(0, min(approval.top + lines, count - 1))
        return moved
    }

    func openToolsPanel() {
        guard !state.toolServers.isEmpty else {
            setStatus("no MCP servers: add them to mcp.json in natter's config folder (see the README, \"Tools\")", isError: false)
            return
        }
        state.overlay = .tools(selected: 0)
    }

    func handleToolsPanel(_ key: Key, _ selected: Int) -> [AppIntent] {
        let rows = ToolPanelRow.rows(state.toolServers)
        switch key {
        case _ where key == .escape || key == .control("c") || state.keymap.action(for: key) == .tools:
            state.overlay = nil
        case .up, .wheelUp: state.overlay = .tools(selected: max(0, selected - 1))
        case .down, .wheelDown: state.overlay = .tools(selected: min(rows.count - 1, selected + 1))
        case .pageUp: state.overlay = .tools(selected: max(0, selected - 10))
        case .pageDown: state.overlay = .tools(selected: min(rows.count - 1, selected + 10))
        case .character(" "), .enter:
            guard rows.indices.contains(selected) else { return [] }
            switch rows[selected] {
            case .server(let index):
                let server = state.toolServers[index]
                state.toolServers[index].enabled.toggle()
                return [.setToolServer(server.name, enabled: !server.enabled)]
            case .tool(let index, let tool):
                let entry = state.toolServers[index].tools[tool]
                state.toolServers[index].tools[tool].enabled.toggle()
                return [.setTool(entry.modelName, enabled: !entry.enabled)]
            }
        default: break
        }
        return []
    }

    /// `o` on a selected tool message: its results whole, or folded to 3 lines again.
    func toggleFolding(of id: String) {
        guard state.conversation[id]?.role == .tool else {
            setStatus("o opens a tool result; this is not one", isError: false)
            return
        }
        if state.unfoldedResults.remove(id) == nil { state.unfoldedResults.insert(id) }
        for index in state.entries.indices where state.entries[index].messageID == id {
            state.entries[index].folded = !state.unfoldedResults.contains(id)
            state.entries[index].revision += 1
        }
    }

    /// "tools on" in the header when the model takes tools and a server offers some.
    var toolsLabel: String? {
        guard !state.toolServers.isEmpty else { return nil }
        let model = state.providers.first { $0.name == state.providerName }?.models.first { $0.name == state.model }
        guard model?.supportsTools ?? true else { return "tools off (model)" }
        let ready = state.toolServers.filter { $0.enabled && $0.isReady }.reduce(0) { $0 + $1.tools.filter(\.enabled).count }
        return ready > 0 ? "tools on (\(ready))" : "tools off"
    }
}
