/// Why a file was not attached, in words for the person (SPEC 8): each names the file and what to do.
public struct AttachmentError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
