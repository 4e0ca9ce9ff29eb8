import Foundation
import NatterProviders
import NatterSession

/// The chat's `ToolApprover`: a call waiting for the person's word is posted to the UI (the approval
/// overlay) and waited for until the person answers or the turn is cancelled (a denial then).
public final class UIToolApprover: ToolApprover, @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int: CheckedContinuation<ToolApproval, Never>] = [:]
    private var nextID = 0
    private var post: (@Sendable (App.Event) -> Void)?

    public init() {}

    /// Where requests go: the runner's inbox.
    func connect(_ post: @escaping @Sendable (App.Event) -> Void) {
        lock.withLock { self.post = post }
    }

    public func approve(_ request: ToolApprovalRequest) async -> ToolApproval {
        let id = lock.withLock { () -> Int in
            nextID += 1
            return nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let post: (@Sendable (App.Event) -> Void)? = lock.withLock {
                    waiting[id] = continuation
                    return self.post
                }
                guard let post else { return answer(id, .deny) }
                post(.approvalRequested(id: id, request))
            }
        } onCancel: {
            answer(id, .deny)
            lock.withLock { post }?(.approvalWithdrawn(id: id))
        }
    }

    /// The person's answer; an id answered already (or withdrawn) is ignored.
    func answer(_ id: Int, _ decision: ToolApproval) {
        lock.withLock { waiting.removeValue(forKey: id) }?.resume(returning: decision)
    }
}

/// A call waiting for approval, as the overlay shows it: scrolled to `top` when its arguments are long.
public struct ApprovalState: Sendable, Hashable {
    public var id: Int
    public var request: ToolApprovalRequest
    public var top = 0
}

/// What the chat needs for tools: the host the session calls, the panel's view of it, and the approver
/// that asks the person.
public struct ChatTools: Sendable {
    public var host: any ToolHost
    public var panel: any ToolPanelSource
    public let approver = UIToolApprover()
    /// Starts the servers; the runner calls it once the first frame is on screen.
    public var start: @Sendable () async -> Void

    public init(host: any ToolHost, panel: any ToolPanelSource, start: @escaping @Sendable () async -> Void) {
        self.host = host
        self.panel = panel
        self.start = start
    }
}
