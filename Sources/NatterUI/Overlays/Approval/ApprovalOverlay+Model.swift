import NatterSession

extension ApprovalOverlay {
    /// A tool call waiting for the person's word; more may wait behind it (`tools.approvalQueue`).
    struct Model: OverlayModel {
        let approval: ApprovalState

        var keyContext: KeyContext { .approval }

        /// A paste must never approve a call: only one key typed at a time answers.
        var typedText: TypedText { .oneKeyOnly }

        func bindings(_ keymap: Keymap) -> KeyBindings<Command> { ApprovalOverlay.bindings }

        func perform(_ command: Command, in app: inout App) -> [AppIntent] {
            let name = approval.request.identity.tool
            let screen = (app.state.display.terminalWidth, app.state.display.terminalHeight)
            switch ApprovalOverlay.update(approval, command, screen: screen) {
            case .scroll(let moved):
                app.state.overlay = .approval(moved)
                return []
            case .answer(let decision):
                app.showNextApproval()
                switch decision {
                case .once: break  // the status line shows the running call while it runs, and nothing after
                case .always: app.setStatus("\(name) runs without asking for the rest of this session", isError: false)
                case .deny: app.setStatus("declined \(name); the model is told", isError: false)
                }
                return [.answerTool(id: approval.id, decision)]
            case .cancelTurn:
                // The turn's cancellation answers the waiting calls (as not run), not a denial raced against it.
                app.state.tools.approvalQueue = []
                app.state.overlay = nil
                return app.requestCancel()
            }
        }

        func view(of state: AppState) -> any View { ApprovalOverlay(approval: approval, queued: state.tools.approvalQueue.count) }

        /// Run it once, always, or not: the answers the letters give, in their bindings' words.
        func choices(in state: AppState) -> NumberedChoices<Command>? {
            let answers: [ToolApproval] = [.once, .always, .deny]
            let labels = answers.map { answer in
                ApprovalOverlay.bindings.list.first { $0.command == .answer(answer) }?.help ?? ""
            }
            return NumberedChoices(labels: labels) { .answer(answers[$0]) }
        }
    }
}
