import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a SIGCONT arrived while armed: the one sign that a stop (Ctrl+Z) really happened. The handler only
/// stores to a flag, which is async-signal-safe.
enum Continued {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0
    nonisolated(unsafe) private static var previous = sigaction()

    static func arm() {
        flag = 0
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in Continued.flag = 1 }
        #else
        action.__sigaction_u.__sa_handler = { _ in Continued.flag = 1 }
        #endif
        sigaction(SIGCONT, &action, &previous)
    }

    static func happened() -> Bool { flag != 0 }

    /// Puts the previous handler back; returns whether a SIGCONT came.
    static func disarm() -> Bool {
        sigaction(SIGCONT, &previous, nil)
        return flag != 0
    }
}
