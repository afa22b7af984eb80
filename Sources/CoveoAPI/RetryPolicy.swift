import Foundation

/// How calls are retried: 429, 5xx and dropped connections, with exponential backoff and full jitter,
/// honouring `Retry-After`, until a total wait is spent.
package struct RetryPolicy: Sendable {
    /// The most time spent waiting between attempts of one call.
    package var maximumWait: Double
    /// The first backoff ceiling; it doubles with each attempt, up to `maximumDelay`.
    package var baseDelay: Double
    package var maximumDelay: Double
    /// Told before each wait, so the user sees that pshell waits and why.
    package var notice: (@Sendable (String) -> Void)?

    package init(maximumWait: Double = 120, baseDelay: Double = 0.2, maximumDelay: Double = 20, notice: (@Sendable (String) -> Void)? = nil) {
        self.maximumWait = maximumWait
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.notice = notice
    }

    package static let none = RetryPolicy(maximumWait: 0)

    static let retriedStatuses: Set<Int> = [429, 500, 502, 503, 504]

    /// The wait before attempt `attempt + 1`: `Retry-After` when the server gave one, else a random time
    /// between zero and the exponential ceiling ("full jitter").
    func delay(attempt: Int, retryAfter: String?) -> Double {
        if let retryAfter, let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return min(seconds, maximumDelay * 3)
        }
        let ceiling = min(maximumDelay, baseDelay * Double(1 << min(attempt, 20)))
        return Double.random(in: 0...ceiling)
    }
}

