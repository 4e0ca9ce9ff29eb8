/// What `App.update` asks the outside world to do; the runner carries these out (to the ChatSession, the
/// terminal, the config file) so that update itself stays a pure function of state and event.
public enum AppIntent: Sendable, Hashable {
    case send(String)
    case cancelReply
    case regenerate
    case switchTo(provider: String, model: String)
    case newSession
    case editInEditor(String)
    case copyToClipboard(String)
    case discoverModels
    case applyTheme(String)
    case suspend
    case quit
}
