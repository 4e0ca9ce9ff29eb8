import Foundation

/// MCP's stdio transport over a server process's pipes: one JSON-RPC message a line. A thread of its own
/// blocks in `read` (an answer is taken the moment it arrives, and an idle server costs nothing), and
/// writes go through the process's own queue, so a server slow to read never holds one of Swift's task threads.
actor PipeTransport: MCPTransport {
    private let process: ServerProcess
    private nonisolated let delivery = IncomingMessages()
    private var reading = false

    /// A line longer than this ends the connection: a server gone wrong must not fill natter's memory.
    static let longestMessage = 64 * 1024 * 1024

    private let onEnd: @Sendable (String) -> Void

    /// - Parameter onEnd: told when natter stops reading for a reason of its own (a message too long); a
    ///   server that exits is reported by its process's watcher, with its exit status.
    init(process: ServerProcess, onEnd: @escaping @Sendable (String) -> Void = { _ in }) {
        self.onEnd = onEnd
        self.process = process
    }

    func connect() async throws {
        guard !reading else { return }
        reading = true
        let output = process.output
        let delivery = delivery
        let onEnd = onEnd
        let reader = Thread {
            switch Self.readLines(from: output, into: delivery) {
            case .closed: break
            case .tooLong: onEnd("it sent a message over 64 MB")
            case .flooded: onEnd(IncomingMessages.floodReason)
            }
        }
        reader.name = "natter mcp reader"
        reader.start()
    }

    func disconnect() async {
        process.closeInput()
        delivery.finish(throwing: MCPClientError.connectionClosed)
    }

    func send(_ data: Data) async throws {
        // An error, not silence: the client fails the request that waits for this message's answer.
        guard await process.write(data) == 0 else { throw MCPClientError.connectionClosed }
    }

    nonisolated func receive() -> AsyncThrowingStream<Data, any Error> { delivery.stream }

    /// Splits what the server writes into lines, looking at each byte once (a 20 MB result is one line).
    enum End { case closed, tooLong, flooded }

    private static func readLines(from descriptor: Int32, into delivery: IncomingMessages) -> End {
        var end = End.closed
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var pending = Data()
        reading: while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            let kept = buffer.withUnsafeBytes { raw -> Bool in
                var start = 0
                while start < count, let found = memchr(raw.baseAddress! + start, 0x0A, count - start) {
                    let end = raw.baseAddress!.distance(to: UnsafeRawPointer(found))
                    pending.append(raw.baseAddress!.advanced(by: start).assumingMemoryBound(to: UInt8.self), count: end - start)
                    if pending.last == 0x0D { pending.removeLast() }
                    if !pending.isEmpty, !delivery.deliver(pending) { return false }
                    pending = Data()
                    start = end + 1
                }
                pending.append(raw.baseAddress!.advanced(by: start).assumingMemoryBound(to: UInt8.self), count: count - start)
                return true
            }
            guard kept else {
                end = .flooded
                break reading
            }
            if pending.count > longestMessage {
                end = .tooLong
                break reading
            }
        }
        close(descriptor)
        delivery.finish(throwing: MCPClientError.connectionClosed)
        return end
    }
}
