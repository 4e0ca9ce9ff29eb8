import Foundation

/// Held while natter makes pipes for a child and spawns it: a descriptor is marked close-on-exec only after `pipe`
/// returns (Swift does not import glibc's `pipe2`), and a child spawned by another thread in between would inherit
/// it and keep that pipe open. Every spawn with pipes of natter's own (MCP servers, template commands) takes it.
public enum SpawnLock {
    public static let lock = NSLock()
}
