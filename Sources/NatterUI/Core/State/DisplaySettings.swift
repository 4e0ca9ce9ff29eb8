/// The terminal's size, the theme, the keys and the mouse: how the state is drawn and reached.
public struct DisplaySettings: Sendable {
    /// The terminal's size as the last `resized` said: update measures pages in it, as render draws them.
    public var terminalWidth = 80
    public var terminalHeight = 24
    /// natter takes the mouse (the wheel scrolls); false leaves it to the terminal (F12, `"mouse": false`).
    public var mouseCaptured = true
    public var themeNames: [String] = ["dark"]
    public var themeName = "dark"
    /// The main view's command keys, from config.json's `keys`.
    public var keymap = Keymap.standard {
        didSet { compareHints = CompareHints(keymap) }
    }
    /// Compare's key hints for the status line, made once for the keymap: made at every frame, they were a tenth
    /// of the UI thread's samples while two compared replies streamed.
    private(set) var compareHints = CompareHints(.standard)
    /// Whether the terminal has the focus, as its focus reports say (CSI ?1004); a terminal that sends none
    /// counts as focused, so it is never notified.
    public var focused = true
    /// A reply that ends, fails or waits for approval while the terminal is unfocused is notified (`"notify"`).
    public var notifies = true
    /// Full screen, inline or plain: F1 says the keys of the mode in use, and what a mode does otherwise.
    public var screenMode = ScreenMode.full

    public init() {}
}
