import Foundation

/// A port nothing listens on now, kept for a server the test starts (llmock, llama-server, an MCP server) to take.
///
/// Merely closing a socket bound to port 0 freed the port for anyone: while llmock took a second to start, a
/// `LoopbackServer` of a test beside it was handed the same port, llmock failed to bind, and its health polls
/// reached the other test's server as requests it counted (a retry test saw three stray GETs take its scripted
/// 503s). So the port is left in TIME_WAIT: one connection to itself, closed from the accepting end first. Linux
/// hands out no port with a TIME_WAIT socket on it to a bind to port 0 (for a minute), while a server that binds
/// the port by number with SO_REUSEADDR, as uvicorn and Python's `http.server` do, takes it at once.
public enum FreePort {
    public static func find() throws -> Int {
        let listener = try makeSocket()
        defer { close(listener) }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 && listen(listener, 1) == 0
            }
        }
        guard bound else { throw CocoaError(.featureUnsupported) }
        let port = Int(UInt16(bigEndian: address.sin_port))

        let client = try makeSocket()
        defer { close(client) }
        var target = loopback(port: port)
        let connected = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        let accepted = connected ? accept(listener, nil, nil) : -1
        // Without the connection the port is merely free, as before: still usable, only not reserved.
        if accepted >= 0 { close(accepted) }
        return port
    }

    private static func makeSocket() throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw CocoaError(.featureUnsupported) }
        return descriptor
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }
}
