import Foundation

/// What a person must do to finish an OAuth login.
public enum OAuthPrompt: Sendable, Hashable {
    /// Device flow: open `verificationURL` on any device and enter `userCode`; `completeURL`, when the server
    /// gives one, has the code in it already.
    case enterCode(provider: String, userCode: String, verificationURL: String, completeURL: String?)
    /// Authorization code with PKCE: sign in at `url` in a browser, which then returns to natter on 127.0.0.1.
    case openBrowser(provider: String, url: String)

    /// The instructions as plain lines, every server-supplied string made safe for a terminal.
    public var instructions: String {
        func clean(_ text: String) -> String { TerminalText.singleLine(text, limit: 2000) }
        switch self {
        case .enterCode(let provider, let userCode, let verificationURL, let completeURL):
            var text = "natter: to sign in to \(clean(provider)), open \(clean(verificationURL)) and enter the code \(clean(userCode))\n"
            if let completeURL { text += "natter: or open \(clean(completeURL)), which has the code in it\n" }
            return text + "natter: waiting for the sign-in to be approved…\n"
        case .openBrowser(let provider, let url):
            return "natter: to sign in to \(clean(provider)), open this address in a browser:\n  \(clean(url))\n"
                + "natter: waiting for the browser to come back to natter…\n"
        }
    }
}

/// How an OAuth login reaches a person. `ProviderContext.oauthPresenter` is nil where nobody can be asked
/// (the full-screen UI owns the terminal): there a provider without a usable token fails, saying to run
/// `natter login NAME`.
public struct OAuthPresenter: Sendable {
    public var show: @Sendable (OAuthPrompt) -> Void
    /// Opens the PKCE sign-in page. Tests pass a closure that plays the browser.
    public var openURL: @Sendable (String) async -> Void
    /// How long a PKCE login waits for the browser to come back.
    public var waitLimit: Duration

    public init(
        show: @escaping @Sendable (OAuthPrompt) -> Void, openURL: @escaping @Sendable (String) async -> Void,
        waitLimit: Duration = .seconds(300)
    ) {
        self.show = show
        self.openURL = openURL
        self.waitLimit = waitLimit
    }

    /// Instructions on standard error, and the system's browser opener where there is one.
    public static var standardError: OAuthPresenter {
        OAuthPresenter(
            show: { prompt in FileHandle.standardError.write(Data(prompt.instructions.utf8)) },
            openURL: { url in BrowserOpener.open(url) })
    }
}

/// `open` on macOS, `xdg-open` elsewhere, when it exists; quietly nothing when it does not (a server over
/// ssh): the instructions already show the address.
enum BrowserOpener {
    static func open(_ url: String) {
        #if os(macOS)
            let candidates = ["/usr/bin/open"]
        #else
            let candidates = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open"]
        #endif
        guard let opener = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: opener)
        process.arguments = [url]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}
