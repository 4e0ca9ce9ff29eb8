import Foundation

/// A program natter starts (an editor, `natter configure`, an MCP server) gets the signals natter ignores or
/// blocks for itself back at their defaults: a child that ignored SIGTERM or SIGPIPE because natter does would
/// not stop when told, or would spin on a closed pipe.
public enum ChildSignals {
    static let reset = [SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGTSTP, SIGTTIN, SIGTTOU, SIGPIPE, SIGWINCH, SIGXFSZ]

    /// Sets default handling and an empty mask on `attributes`; returns the posix_spawn flags that make them count.
    public static func prepare(_ attributes: inout posix_spawnattr_t) -> Int32 {
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in reset { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        return Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
    }
}
