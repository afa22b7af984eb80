import Foundation
import Synchronization

/// The pipe's write end, where the signal handler writes the number of each signal it catches. Set before any
/// handler is installed, read by the handler alone: `write` is all a signal handler may safely do.
nonisolated(unsafe) private var signalWriteEnd: Int32 = -1

/// Catches signals with a handler that writes each one's number to a pipe, read by a thread of its own that calls
/// the watchers. Whichever thread the kernel interrupts, the signal arrives. (A Dispatch signal source on Linux
/// blocks the signal in one thread and ignores it elsewhere: a TERM delivered to another thread was lost, and a
/// sandbox asked to stop kept running.)
private final class SignalRelay: Sendable {
    static let shared = SignalRelay()

    private let watchers = Mutex<[Int32: [Int: @Sendable (Int32) -> Void]]>([:])
    private let nextID = Mutex(0)

    private init() {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[1], F_SETFL, O_NONBLOCK)
        signalWriteEnd = ends[1]
        let readEnd = ends[0]
        let thread = Thread { [self] in
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) == 1 {
                let number = Int32(byte)
                for handler in watchers.withLock({ Array(($0[number] ?? [:]).values) }) { handler(number) }
            }
        }
        thread.name = "pshell signals"
        thread.start()
    }

    func watch(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) -> Int {
        let id = nextID.withLock { id in
            id += 1
            return id
        }
        watchers.withLock { table in
            for number in signals { table[number, default: [:]][id] = handler }
        }
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalWriteEnd, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        return id
    }

    /// Stops calling the watch's handler; a signal no one watches any more gets its default action back.
    func cancel(_ id: Int, _ signals: [Int32]) {
        watchers.withLock { table in
            for number in signals {
                table[number]?[id] = nil
                if table[number]?.isEmpty ?? true { signal(number, SIG_DFL) }
            }
        }
    }
}

/// Signals delivered to a handler instead of their default action, until cancelled.
struct SignalWatch: Sendable {
    fileprivate let id: Int
    fileprivate let signals: [Int32]

    func cancel() { SignalRelay.shared.cancel(id, signals) }
}

/// Delivers `signals` to `handler` as events instead of their default action, until the watch is cancelled
/// (`pshell sandbox` stops cleanly on SIGINT or SIGTERM; a script stops its statement on SIGINT).
func watchSignals(_ signals: [Int32], _ handler: @escaping @Sendable (Int32) -> Void) -> SignalWatch {
    SignalWatch(id: SignalRelay.shared.watch(signals, handler), signals: signals)
}
