import Foundation
import NatterProviders
import NatterSession

/// The live conversation's session: listened to, replaced (Ctrl+N, a resumed one), offered the tools, closed
/// with its reply saved.
extension ChatRunner {
    /// Makes the reviewed session the live one: its history goes with the next request, new messages are
    /// appended to its file. It picks up with the provider and model it last used (when they still exist)
    /// or, when asked, with the current ones, and the switch is recorded.
    func resume(id: String, withCurrentModel: Bool) {
        let state = app.state
        guard let review = state.review, review.summary.id == id else { return }
        if id == session.id {
            dispatch(.sessionResumed(review.summary, provider: state.setup.providerName, model: state.setup.model))
            return
        }
        do {
            try library.store.checkWritable(id)
        } catch {
            dispatch(.notice(error.description, isError: true))
            return
        }
        guard let transcript = library.transcript(id: id) else { return }
        let current = Origin(provider: state.setup.providerName, model: state.setup.model)
        let opened = SessionContinuation.open(
            id, transcript: transcript, store: library.store, registry: registry, context: context, fallback: current,
            continueWith: withCurrentModel ? current : nil, attachments: attachments)
        let resumed = opened.session
        replaceSession(with: resumed)
        sessionCommands.yield { await opened.begin() }
        // The review may show another branch than the file's (a search hit's): the conversation goes on there.
        if let leaf = state.conversation.activeLeaf, leaf != transcript.conversation.activeLeaf {
            sessionCommands.yield { await resumed.activate(leaf) }
        }
        dispatch(.sessionResumed(review.summary, provider: opened.selection.provider, model: opened.selection.model))
        if let notice = opened.notice { dispatch(.notice(notice, isError: true)) }
        remembered(onSwitch(ProviderSelection(provider: opened.selection.provider, model: opened.selection.model)))
    }

    /// Takes the session's events into the inbox; a session keeps its events until this connects, so none
    /// is lost before it.
    func listen(to session: ChatSession) {
        let inbox = self.inbox
        session.deliverEvents { inbox.post(.app(.session($0))) }
    }

    /// The live conversation becomes `next`: the previous one is closed and its late events go nowhere.
    func replaceSession(with next: ChatSession) {
        let previous = session
        previous.deliverEvents(to: nil)
        Task { await previous.close() }
        session = next
        listen(to: next)
        offerTools(to: next)
    }

    /// Ends the conversation and waits (a little) for the reply in flight to be written: natter exits right
    /// after, and a reply is saved when it ends, however it ends.
    func closeSaving(_ session: ChatSession) {
        let done = DispatchSemaphore(value: 0)
        Task {
            await session.close()
            await session.waitForReply()
            done.signal()
        }
        _ = done.wait(timeout: .now() + .seconds(2))
    }

    /// Approvals come to the UI, the servers' states to the tools panel, and the session offers the tools.
    func connect(_ tools: ChatTools) {
        let inbox = inbox
        tools.approver.connect { inbox.post(.app($0)) }
        let panel = tools.panel
        let refresh: @Sendable () -> Void = {
            Task { inbox.post(.app(.toolServers(await panel.panelServers()))) }
        }
        panel.onChange(refresh)
        refresh()
        offerTools(to: session)
    }

    func offerTools(to session: ChatSession) {
        guard let tools else { return }
        sessionCommands.yield { await session.useTools(tools.host, approver: tools.approver, waitingUpTo: ChatRunner.toolStartWait) }
    }

    func remembered(_ problem: String?) {
        guard let problem, !settingsProblemShown else { return }
        settingsProblemShown = true
        dispatch(.notice("used now, but not remembered for next time: \(problem)", isError: true))
    }
}
