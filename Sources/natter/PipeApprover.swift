import Foundation
import NatterProviders
import NatterSession

/// Approval in pipe mode (SPEC 7): `--approve all` or `--approve NAME,…` runs those calls unasked; any other
/// call is asked about on the terminal (`/dev/tty`) when there is one, and declined when there is none, with
/// a line on standard error saying so (the model is told it was declined).
struct PipeApprover: ToolApprover {
    /// `all`, or names that may each be a server, a tool as the model is offered it (`SERVER__TOOL`), or a
    /// tool's own name.
    let approved: Set<String>
    /// mcp.json's server names: a word that names a server approves that server's tools and nothing else.
    let servers: Set<String>

    init(approve: String?, servers: Set<String> = []) {
        approved = Set((approve ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        self.servers = servers
    }

    /// Whether `--approve` covers the call. Approval is of a (server, tool) pair, never of a spelling: the name
    /// the model is offered is unique to one pair, a server's name covers that server's tools only, and a bare
    /// tool name covers a tool of that exact name unless the word is a server's name or has the `__` of an
    /// offered name (server `zz`'s tool `srv__echo` is not server `srv`'s `echo`).
    func covers(_ request: ToolApprovalRequest) -> Bool {
        let identity = request.identity
        if approved.contains("all") || approved.contains(request.call.name) || approved.contains(identity.server) { return true }
        return approved.contains(identity.tool) && !servers.contains(identity.tool) && !identity.tool.contains("__")
    }

    func approve(_ request: ToolApprovalRequest) async -> ToolApproval {
        if covers(request) { return .once }
        // The terminal is read on a thread of its own: a blocking read must not hold one of Swift's task
        // threads. Ctrl+C (the turn cancelled) wakes it through a pipe: the answer is then a denial.
        var wake: [Int32] = [0, 0]
        guard pipe(&wake) == 0 else { return .deny }
        defer {
            close(wake[0])
            close(wake[1])
        }
        let (readEnd, writeEnd) = (wake[0], wake[1])
        let answer: ToolApproval? = await withTaskCancellationHandler {
            await withCheckedContinuation { done in
                Thread { done.resume(returning: Self.ask(about: request, wake: readEnd)) }.start()
            }
        } onCancel: {
            _ = write(writeEnd, "x", 1)
        }
        if Task.isCancelled { return .deny }
        if let answer { return answer }
        let line = "natter: declined \(TerminalText.singleLine(request.call.name, limit: 80)): no terminal to ask on; --approve \(TerminalText.singleLine(request.call.name, limit: 80)) (or all) runs it\n"
        FileHandle.standardError.write(Data(line.utf8))
        return .deny
    }

    /// nil when there is no terminal; a denial when `wake` becomes readable first.
    private static func ask(about request: ToolApprovalRequest, wake: Int32) -> ToolApproval? {
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        guard tty >= 0 else { return nil }
        defer { close(tty) }
        let arguments = TerminalText.sanitized(ToolArgumentsText.pretty(request.call.arguments))
        let question = "natter: run \(TerminalText.singleLine(request.identity.server, limit: 60)) · \(TerminalText.singleLine(request.identity.tool, limit: 80))\n\(arguments)\n[y] once  [a] always  [n] no: "
        _ = question.withCString { write(tty, $0, strlen($0)) }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while line.count < 64 {
            var watched = [pollfd(fd: tty, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
            guard poll(&watched, 2, -1) >= 0 || errno == EINTR else { return .deny }
            if watched[1].revents != 0 { return .deny }
            guard watched[0].revents != 0 else { continue }
            guard read(tty, &byte, 1) == 1 else { return .deny }
            if byte == 0x0A { break }
            line.append(byte)
        }
        switch String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).lowercased() {
        case "y", "yes": return .once
        case "a", "always": return .always
        default: return .deny
        }
    }
}
