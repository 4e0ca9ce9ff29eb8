import Foundation

/// A trap kills the test process before any failure message is written, so the seed of the input that
/// crashed would be lost. While a fuzz loop runs, its thread keeps the current input seed where a signal
/// handler can find it; the handler writes the seed to stderr and hands the signal on to whoever handled
/// it before (the Swift runtime's backtracer), so the crash itself is reported as usual.
enum FuzzCrashNote {
    private nonisolated(unsafe) static var key = pthread_key_t()
    private nonisolated(unsafe) static var previous: [Int32: sigaction] = [:]
    private static let signals = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE]
    private static let installation: Void = {
        pthread_key_create(&key, nil)
        for signal in signals {
            var action = sigaction()
            var old = sigaction()
            #if os(Linux)
            action.__sigaction_handler.sa_handler = FuzzCrashNote_handler
            #else
            action.__sigaction_u.__sa_handler = FuzzCrashNote_handler
            #endif
            sigaction(signal, &action, &old)
            previous[signal] = old
        }
    }()

    /// Publishes `seed` (a pointer the loop updates per input) for crashes on this thread.
    static func watch(_ seed: UnsafeMutablePointer<UInt64>?) {
        _ = installation
        pthread_setspecific(key, seed.map { UnsafeRawPointer($0) })
    }

    fileprivate static func report(_ signal: Int32) {
        if let raw = pthread_getspecific(key) {
            var seed = raw.assumingMemoryBound(to: UInt64.self).pointee
            // Only async-signal-safe work here: no allocation, digits by hand, one write(2).
            let prefix: StaticString = "\nfuzz input crashed: NATTER_FUZZ_INPUT_SEED="
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 96) { buffer in
                var length = 0
                for byte in UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount) {
                    buffer[length] = byte
                    length += 1
                }
                var digits = 0
                var rest = seed
                repeat {
                    digits += 1
                    rest /= 10
                } while rest > 0
                for position in stride(from: length + digits - 1, through: length, by: -1) {
                    buffer[position] = UInt8(ascii: "0") + UInt8(seed % 10)
                    seed /= 10
                }
                length += digits
                buffer[length] = 0x0A
                _ = write(2, buffer.baseAddress, length + 1)
            }
        }
        if var old = previous[signal] { sigaction(signal, &old, nil) }
        // Returning re-runs the faulting instruction, which now reaches the previous handler.
    }
}

private func FuzzCrashNote_handler(_ signal: Int32) {
    FuzzCrashNote.report(signal)
}
