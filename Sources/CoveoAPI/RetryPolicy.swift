import Foundation

/// How calls are retried: 429, 5xx and dropped connections, with exponential backoff and jitter, honouring
/// `Retry-After`, until a wall-clock deadline passes or the attempts run out.
package struct RetryPolicy: Sendable {
    /// The most wall-clock time one call may spend, from its first attempt, before a wait that would pass it.
    package var maximumWait: Double
    /// The first backoff ceiling; it doubles with each attempt, up to `maximumDelay`.
    package var baseDelay: Double
    package var maximumDelay: Double
    /// The least wait between two attempts, whatever the server says: `Retry-After: 0`, or a date in the past
    /// (clock skew), would otherwise turn the retries into a request storm that burns the organization's quota.
    package var minimumDelay: Double
    /// The most attempts of one call, first included: a cap besides the deadline.
    package var maximumAttempts: Int
    /// Told before each wait, so the user sees that pshell waits and why.
    package var notice: (@Sendable (String) -> Void)?
    /// Reads the time and waits: the system's clock, or a test's.
    package var timer: any RetryTimer

    package init(
        maximumWait: Double = 120, baseDelay: Double = 1, maximumDelay: Double = 20, minimumDelay: Double = 1,
        maximumAttempts: Int = 10, timer: any RetryTimer = SystemRetryTimer(),
        notice: (@Sendable (String) -> Void)? = nil
    ) {
        self.maximumWait = maximumWait
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.minimumDelay = minimumDelay
        self.maximumAttempts = maximumAttempts
        self.timer = timer
        self.notice = notice
    }

    package static let none = RetryPolicy(maximumWait: 0, maximumAttempts: 1)

    /// What waiting can fix: throttling (429, never processed, so safe for any request) and a gateway or service
    /// that was not there (502, 503, 504). A 500 is the server's own failure: sending it again does not help.
    static let retriedStatuses: Set<Int> = [429, 502, 503, 504]

    /// Whether an answer with `status` may be followed by the same request again. A request that may create
    /// something (`idempotent` false) is sent again only after a 429, which says it was not processed: a 502,
    /// 503 or 504 may hide a success, and a second create would make a duplicate.
    static func retries(status: Int, idempotent: Bool) -> Bool {
        idempotent ? retriedStatuses.contains(status) : status == 429
    }

    /// The wait before attempt `attempt + 1`: `Retry-After` when the server gave one (seconds, or an HTTP date
    /// read against `now`), in full (an earlier retry is refused again: the Stream API's burst window says 300 s),
    /// else a random time up to the exponential ceiling; never less than `minimumDelay`, and with up to half of it
    /// again at random, so that clients told the same time do not all come back at once. A wait past the call's
    /// deadline is not waited: the call fails at once, saying how long the server asked.
    func delay(attempt: Int, retryAfter: String?, now: Date = Date()) -> Double {
        let jitter = Double.random(in: 0...(minimumDelay / 2))
        if let asked = Self.retryAfter(retryAfter, now: now) { return max(minimumDelay, asked) + jitter }
        let ceiling = max(minimumDelay, min(maximumDelay, baseDelay * Double(1 << min(attempt, 20))))
        return Double.random(in: minimumDelay...ceiling) + jitter
    }

    /// The seconds a `Retry-After` asks (a number, or an HTTP date read against `now`); nil when there is none.
    static func retryAfter(_ text: String?, now: Date = Date()) -> Double? {
        guard let text = text?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return seconds }
        return httpDate(text).map { $0.timeIntervalSince(now) }
    }

    /// An HTTP date (RFC 9110: `Sun, 06 Nov 1994 08:49:37 GMT`, and the two obsolete forms).
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}

/// The time a call's retries read and wait on: a seam, so that a test runs a two-minute deadline in no time.
package protocol RetryTimer: Sendable {
    /// Seconds from an arbitrary origin, monotonic.
    func now() -> Double
    func sleep(seconds: Double) async throws
}

/// The process's monotonic clock and a real sleep.
package struct SystemRetryTimer: RetryTimer {
    private static let origin = ContinuousClock.now

    package init() {}

    package func now() -> Double { (ContinuousClock.now - Self.origin) / .seconds(1) }

    package func sleep(seconds: Double) async throws {
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
    }
}
