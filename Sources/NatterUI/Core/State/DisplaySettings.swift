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
    public var keymap = Keymap.standard

    public init() {}
}
