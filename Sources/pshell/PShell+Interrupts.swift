import Foundation
import Synchronization

extension PShell {
    /// Runs a script so that Ctrl-C (or SIGINT) stops the statement running as the REPL does: the command says
    /// what it left, a push with `--status` sets the source back to IDLE, and the exit status is 130. A second
    /// Ctrl-C ends the process at once.
    static func interruptible(_ work: @escaping @Sendable () async -> Int32) async -> Int32 {
        let (status, interrupted) = await cancelledByCtrlC(work)
        return interrupted && status == 0 ? ExitStatus.interrupted : status
    }

    /// Runs `work`, cancelled by the first SIGINT (a second ends the process); its result, and whether it was
    /// interrupted.
    static func cancelledByCtrlC<T: Sendable>(
        _ work: @escaping @Sendable () async -> T
    ) async -> (result: T, interrupted: Bool) {
        let task = Task { await work() }
        let interrupts = Mutex(0)
        let sources = watchSignals([SIGINT]) { _ in
            let count = interrupts.withLock { count in
                count += 1
                return count
            }
            if count > 1 { _exit(130) }
            task.cancel()
        }
        let result = await task.value
        sources.cancel()
        signal(SIGINT, SIG_DFL)
        return (result, interrupts.withLock { $0 } > 0)
    }
}
