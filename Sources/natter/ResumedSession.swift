import ArgumentParser
import Foundation
import NatterProviders
import NatterSession

/// A saved session picked up again by `natter -c` or `natter --session ID`: its history goes with the next
/// request and new messages are appended to its file.
struct ResumedSession {
    let id: String
    let transcript: Transcript
    let path: String

    /// nil when neither flag was given; exits with a one-line reason when the session cannot be continued.
    static func load(latest: Bool, named name: String?) throws -> ResumedSession? {
        guard latest || name != nil else { return nil }
        let store = SessionStore(directory: NatterPaths().sessionsDirectory)
        let err = OutputStream.standardError
        do {
            let id: String
            if let name {
                id = try store.resolve(name)
            } else if let newest = store.newest() {
                id = newest.id
            } else {
                err.write("natter: no saved session to continue yet\n")
                throw ExitCode(1)
            }
            try store.checkWritable(id)
            let transcript = try store.read(id: id)
            for problem in transcript.problems { err.write("natter: \(id): \(problem)\n") }
            return ResumedSession(id: id, transcript: transcript, path: store.path(for: id))
        } catch let error as ExitCode {
            throw error
        } catch {
            err.write("natter: \(error)\n")
            throw ExitCode(1)
        }
    }

    /// Flags win; else the provider and model the session last used, when they still exist; else the usual order.
    func selection(flags: SelectionOptions, startup: Startup) -> ProviderSelection {
        if flags.provider != nil || flags.model != nil { return startup.selection(flags: flags) }
        let last = transcript.lastSelection
        if let provider = last?.provider, startup.registry.entry(named: provider) != nil {
            return ProviderSelection(provider: provider, model: last?.model)
        }
        return startup.selection(flags: flags)
    }
}
