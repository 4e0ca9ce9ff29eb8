import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Process {
    /// Starts the process with no signal blocked. Foundation spawns from the calling thread, whose mask the
    /// child inherits, and a test's async code runs on Dispatch's worker threads, which block nearly every
    /// signal: a server started from there ignored `terminate()` and outlived the tests (a llama-server went on
    /// using a core; Python MCP servers piled up). natter's own children are spawned with `ChildSignals` instead.
    public func runWithDefaultSignals() throws {
        var empty = sigset_t()
        sigemptyset(&empty)
        var previous = sigset_t()
        pthread_sigmask(SIG_SETMASK, &empty, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}
