import Foundation
import Synchronization

/// The time of day, in epoch milliseconds, as a value passed in rather than read from the system: the sandbox
/// stamps its models, logs and license with it, and the shell reads it to bound its Source Logs queries, so
/// a test (or a demo) can give both the same fixed instant and get the same answers on any day.
package struct WallClock: Sendable {
    private let read: @Sendable () -> Int64

    package init(_ read: @escaping @Sendable () -> Int64) {
        self.read = read
    }

    package func now() -> Int64 { read() }

    /// The system's clock.
    package static let system = WallClock { EpochMilliseconds.now() }

    /// A clock that reads `start` when it is made and then moves on as real time does (measured with the
    /// monotonic clock, so a change of the system's time does not move it): delays still pass, dates stay put.
    package static func starting(at start: Int64) -> WallClock {
        let origin = ContinuousClock.now
        return WallClock {
            let elapsed = ContinuousClock.now - origin
            return start + elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        }
    }
}

/// A clock that moves only when told: the tests' way to let an indexing delay pass without sleeping.
package final class ManualClock: Sendable {
    private let current: Mutex<Int64>

    package init(at start: Int64) {
        current = Mutex(start)
    }

    package func now() -> Int64 { current.withLock { $0 } }

    package func advance(byMilliseconds milliseconds: Int64) {
        current.withLock { $0 += milliseconds }
    }

    package var wallClock: WallClock { WallClock { [self] in now() } }
}
