import NatterSession

extension HTMLExport.Page {
    /// A step of writing folded branches: a piece of markup, or a message and the line that follows it.
    private enum Step {
        case markup(String)
        /// A message of a folded branch, then the newest message after it; `withForks`: the other branches
        /// beside it folded after it too (not for a branch's first message, whose siblings fold around it).
        case line(from: String, withForks: Bool)
    }

    /// The branches beside `id` (its siblings), folded after it: each sibling and the line of messages after
    /// it, newest child first, as activating it in the chat would show; forks inside a folded branch fold the
    /// same way. Written from a stack, not by recursion: a hostile or strange transcript can nest forks
    /// thousands deep.
    mutating func foldedBranches(beside id: String, _ emit: (String) -> Void) {
        write(forkSteps(beside: id), emit)
    }

    /// What follows the active branch's last message, when anything does (a file whose `active` record names a
    /// message with replies): folded after it, so the page holds every message.
    mutating func foldedContinuations(after id: String, _ emit: (String) -> Void) {
        let children = transcript.conversation.children(of: id)
        guard !children.isEmpty else { return }
        var steps: [Step] = [.markup("<details class=\"branches\"><summary>\(children.count) branch\(children.count == 1 ? "" : "es") after this</summary>\n")]
        for (index, child) in children.enumerated() {
            steps.append(.markup("<section><div class=\"branch-label\">Branch \(index + 1) of \(children.count)</div>\n"))
            steps.append(.line(from: child, withForks: false))
            steps.append(.markup("</section>\n"))
        }
        steps.append(.markup("</details>\n"))
        write(steps, emit)
    }

    private mutating func write(_ steps: [Step], _ emit: (String) -> Void) {
        var stack = Array(steps.reversed())
        while let step = stack.popLast() {
            switch step {
            case .markup(let markup):
                emit(markup)
            case .line(let id, let withForks):
                guard !written.contains(id), let message = transcript.conversation[id] else { continue }
                emit(article(message))
                if let next = transcript.conversation.children(of: id).last { stack.append(.line(from: next, withForks: true)) }
                if withForks { stack += forkSteps(beside: id).reversed() }
            }
        }
    }

    /// The fold of `id`'s siblings, in order: none when it has none.
    private func forkSteps(beside id: String) -> [Step] {
        let siblings = transcript.conversation.siblings(of: id)
        guard siblings.count > 1 else { return [] }
        let others = siblings.count - 1
        var steps: [Step] = [.markup("<details class=\"branches\"><summary>\(others) other branch\(others == 1 ? "" : "es") from here</summary>\n")]
        for (index, sibling) in siblings.enumerated() where sibling.id != id {
            steps.append(.markup("<section><div class=\"branch-label\">Branch \(index + 1) of \(siblings.count)</div>\n"))
            steps.append(.line(from: sibling.id, withForks: false))
            steps.append(.markup("</section>\n"))
        }
        steps.append(.markup("</details>\n"))
        return steps
    }
}
