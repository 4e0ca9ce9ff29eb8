/// Why the App asked which paths name files: what it does with the answer. `update` never reads the disk
/// itself; the runner answers a `lookUpFiles` intent at once with a `filesLookedUp` event.
public enum FileQuestion: Sendable, Hashable {
    /// A paste that reads as paths (a dropped file): chips when they all name files, else the text as pasted.
    case paste(String)
    /// The `@` words of the message being sent: those naming files become chips, then it goes.
    case send
    /// `/attach PATH`: a chip when it names a file, else said.
    case attach(String)
}
