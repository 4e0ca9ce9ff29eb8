import ArgumentParser
import Foundation
import NatterProviders

/// `natter login PROVIDER`: runs an OAuth provider's sign-in now, with its instructions on standard error,
/// and keeps the token for later runs, including the full-screen UI's, which cannot show a sign-in itself.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Sign in to a provider that uses OAuth and keep its token in <config>/oauth/PROVIDER.json.",
        discussion: """
            The device flow shows a code to enter at the provider's address; the PKCE flow opens the sign-in \
            page in a browser and waits for it to come back to 127.0.0.1; client credentials need nobody. \
            The token itself is never printed.
            """)

    @Argument(help: "The provider's name (see `natter providers`).")
    var provider: String

    func run() async throws {
        let source = try OAuthProviderLookup.tokenSource(named: provider, context: ProviderContext(oauthPresenter: .standardError))
        do {
            let path = try await source.login()
            OutputStream.standardOutput.write("Signed in to \(source.provider); the token is saved in \(path)\n")
        } catch {
            OutputStream.standardError.write("natter: \(error)\n")
            throw ExitCode(1)
        }
    }
}

/// `natter logout PROVIDER`: forgets the stored token.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout", abstract: "Remove the OAuth token natter keeps for a provider.")

    @Argument(help: "The provider's name (see `natter providers`).")
    var provider: String

    func run() async throws {
        let source = try OAuthProviderLookup.tokenSource(named: provider, context: .live)
        do {
            let removed = try await source.logout()
            OutputStream.standardOutput.write(
                removed ? "Signed out of \(source.provider); removed \(source.tokenPath)\n" : "No token was stored for \(source.provider)\n")
        } catch {
            OutputStream.standardError.write("natter: \(error)\n")
            throw ExitCode(1)
        }
    }
}

enum OAuthProviderLookup {
    /// The provider's token source, or a one-line reason on standard error and exit code 1.
    static func tokenSource(named name: String, context: ProviderContext) throws -> OAuthTokenSource {
        let startup = Startup()
        let shownName = TerminalText.singleLine(name, limit: 60)
        guard let entry = startup.registry.entry(named: name) else {
            OutputStream.standardError.write("natter: no provider named \"\(shownName)\" (see `natter providers`)\n")
            throw ExitCode(1)
        }
        guard let definition = entry.definition, let source = OAuthTokenSource(definition: definition, context: context) else {
            OutputStream.standardError.write("natter: \(entry.name) does not sign in with OAuth; its key comes from the environment\n")
            throw ExitCode(1)
        }
        return source
    }
}
