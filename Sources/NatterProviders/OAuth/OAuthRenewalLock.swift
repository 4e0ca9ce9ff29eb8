import Foundation

extension OAuthTokenStore {
    /// How long a natter waits for another to finish renewing before it goes ahead on its own.
    static let renewalLockPatience = Duration.seconds(30)

    /// Runs `body` holding the renewal lock: an `flock` on the token folder itself (no lock file to leave
    /// behind; a renewal is rare enough for one lock to serve every provider). Two natter processes renewing
    /// at once would both spend the same refresh token, and a server that rotates refresh tokens refuses the
    /// second, which then had to sign in again; with the lock the second waits, and finds the token the first
    /// saved. The lock is waited for without blocking a thread, and given up on (renewing unguarded, as
    /// before) if it cannot be had within `renewalLockPatience`.
    func whileRenewing<Value>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Value
    ) async throws -> Value {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { if descriptor >= 0 { close(descriptor) } }  // closing releases the lock
        if descriptor >= 0 {
            let deadline = ContinuousClock.now + Self.renewalLockPatience
            while flock(descriptor, LOCK_EX | LOCK_NB) != 0, errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(25))
            }
        }
        return try await body()
    }
}
