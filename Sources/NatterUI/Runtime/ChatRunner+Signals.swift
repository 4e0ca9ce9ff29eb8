import Dispatch
import Foundation

/// Signals as events (a resize, a request to end) and Ctrl+Z's stop until `fg`.
extension ChatRunner {
    func watchSignals() {
        let inbox = self.inbox
        let resize = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
        resize.setEventHandler { inbox.post(.resize) }
        resize.resume()
        signalSources.append(resize)
        for number in [SIGTERM, SIGHUP, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { inbox.post(.terminate(signal: number)) }
            source.resume()
            signalSources.append(source)
        }
    }

    /// Stops natter as Ctrl+Z in a shell would; returns after `fg`. This thread was made from one of Swift's
    /// task threads, which block most signals: a SIGTSTP raised with it blocked would only wait, and be thrown
    /// away once ignored again. Unblocked, raise() delivers it before it returns.
    /// Returns whether natter was stopped at all: a SIGCONT came (`fg`), which a stop the kernel discarded for an
    /// orphaned process group never brings.
    static func stopUntilContinued() -> Bool {
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGTSTP)
        sigaddset(&only, SIGCONT)
        var before = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &only, &before)
        Continued.arm()
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)  // stops here; `fg` continues after this line
        signal(SIGTSTP, SIG_IGN)
        // The SIGCONT handler may run on another thread a moment after this one goes on.
        var waited = 0
        while !Continued.happened(), waited < 20 {
            usleep(5000)
            waited += 1
        }
        let stopped = Continued.disarm()
        pthread_sigmask(SIG_SETMASK, &before, nil)
        return stopped
    }
}
