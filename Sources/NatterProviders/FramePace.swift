/// How often the screen can show anything new: the full-screen UI draws at most one frame per interval, and the
/// network thread reads a streaming reply at most once per interval (`NetworkThread.paceReading`). One number for
/// both: read more often and the tokens wait for the frame anyway; less often and they miss it.
public enum FramePace {
    public static let interval = Duration.milliseconds(16)
}
