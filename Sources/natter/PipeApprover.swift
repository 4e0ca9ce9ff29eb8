import Foundation
import NatterProviders
import NatterSession

/// Approval in pipe mode (SPEC 7): `--approve all` or `--approve NAME,…` runs those calls unasked; any other
/// call is asked about on the terminal (`/dev/tty`) when there is one, and declined when there is none, with
/// a line on standard error saying so (the model is told it was declined).
struct PipeApprover: ToolApprover {
    /// `all`, or names that may each be a tool, a server, or `SERVER__TOOL`.
    let approved: Set<String>

    init(approve: String?) {
        approved = Set((approve ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
    }

    func approve(_ request: ToolApprovalRequest) async -> ToolApproval {
        let identity = request.identity
        if approved.contains("all") || approved.contains(request.call.name) || approved.contains(identity.tool) || approved.contains(identity.server) {
            return .once
        }
        // The terminal is read on a thread of its own: a blocking read must not hold one of Swift's task threads.
        let answer: ToolApproval? = await withCheckedContinuation { done in
            Thread { done.resume(returning: Self.ask(about: request)) }.start()
        }
        if let answer { return answer }
        let line = "natter: declined \(TerminalText.singleLine(request.call.name, limit: 80)): no terminal to ask on; --approve \(TerminalText.singleLine(identity.tool, limit: 80)) (or all) runs it\n"
        FileHandle.standardError.write(Data(line.utf8))
        return .deny
    }

    /// nil when there is no terminal.
    private static func ask(about request: ToolApprovalRequest) -> ToolApproval? {
        guard let tty = fopen("/dev/tty", "r+") else { return nil }
        defer { fclose(tty) }
        let arguments = TerminalText.sanitized(ToolArgumentsText.pretty(request.call.arguments))
        let question = "natter: run \(TerminalText.singleLine(request.identity.server, limit: 60)) · \(TerminalText.singleLine(request.identity.tool, limit: 80))\n\(arguments)\n[y] once  [a] always  [n] no: "
        fputs(question, tty)
        fflush(tty)
        var buffer = [CChar](repeating: 0, count: 64)
        guard fgets(&buffer, Int32(buffer.count), tty) != nil else { return .deny }
        let typed = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        switch String(decoding: typed, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "y", "yes": return .once
        case "a", "always": return .always
        default: return .deny
        }
    }
}
