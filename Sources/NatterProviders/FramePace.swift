/// The clock the screen and the network keep together. Time is cut into slots of `interval`: the full-screen UI
/// draws at most one frame a slot, and the network thread reads a streaming reply at most once a slot, at its
/// start (`NetworkThread.paceReading`). On one grid, a slot's read is drawn as soon as it is turned into events;
/// each on a clock of its own, the frames drifted out of step with the reads and every token waited a frame more.
public enum FramePace {
    public static let interval = Duration.milliseconds(16)

    /// Where slot 0 begins: the first time anybody asks.
    private static let origin = ContinuousClock.now

    /// The slot `instant` is in.
    public static func slot(at instant: ContinuousClock.Instant) -> Int64 {
        Int64(((instant - origin) / interval).rounded(.down))
    }

    /// Where `slot` begins.
    public static func start(of slot: Int64) -> ContinuousClock.Instant {
        origin + interval * Double(slot)
    }
}
