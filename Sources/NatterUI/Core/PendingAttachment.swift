import Foundation
import NatterProviders

/// A file to go with the next message, shown as a chip above the input (SPEC 8): read off the UI thread,
/// so a 20 MB image never holds up typing, and removable until the message is sent.
public struct PendingAttachment: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case reading
        case ready(AttachmentRef)
    }

    public var id: Int
    public var path: String
    public var state: State
    /// The pasted text this chip was made from: taking the chip off gives the text back to the input.
    public var pasted: String?

    public init(id: Int, path: String, state: State, pasted: String? = nil) {
        self.id = id
        self.path = path
        self.state = state
        self.pasted = pasted
    }

    public var name: String { (path as NSString).lastPathComponent }

    public var reference: AttachmentRef? {
        if case .ready(let reference) = state { return reference }
        return nil
    }

    /// `[image cat.png 1.2 MB]`, or `[reading cat.png…]` until the file is read.
    public var label: String { reference?.label ?? "[reading \(name)…]" }
}
