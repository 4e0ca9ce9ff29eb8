/// An overlay as a sub-model (DESIGN.md, "The UI core"): what its keys are, what each command does and how it
/// looks, all beside its own state. The app only routes: a key, typed text and a frame reach the open overlay
/// through this, whichever it is.
///
/// Adding an overlay: a folder under `Overlays/` with its view (state, `Command`, bindings, a pure `update`) and a
/// `Model` conforming here, then its case in `Overlay` and in `Overlay.model` beside it, and its `KeyContext`; the compiler
/// asks for each place that must know it.
protocol OverlayModel {
    associatedtype Command: Sendable

    /// The context whose bindings hold while it is open (F1 lists them under its title).
    var keyContext: KeyContext { get }

    /// Where text typed while it is open goes: for most overlays each character is the key it is.
    var typedText: TypedText { get }

    func bindings(_ keymap: Keymap) -> KeyBindings<Command>

    /// What text typed or pasted into its field is (for an overlay whose `typedText` is `.intoField`); nil: nothing.
    func typing(_ text: String) -> Command?

    /// What the command does: to the overlay (its next state written back as `app.state.overlay`, or nil when it
    /// closes), to the rest of the app, and what the runner is to do.
    func perform(_ command: Command, in app: inout App) -> [AppIntent]

    /// How it is drawn over the chat.
    func view(of state: AppState) -> any View

    /// Plain mode's numbered list: what each choice is called and the command that takes it; nil for an overlay
    /// that is no list of choices.
    func choices(in state: AppState) -> NumberedChoices<Command>?
}

extension OverlayModel {
    var typedText: TypedText { .eachAKey }

    func typing(_ text: String) -> Command? { nil }

    func choices(in state: AppState) -> NumberedChoices<Command>? { nil }
}
