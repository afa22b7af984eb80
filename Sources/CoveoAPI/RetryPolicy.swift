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

    package init(
        maximumWait: Double = 120, baseDelay: Double = 0.2, maximumDelay: Double = 20,
        notice: (@Sendable (String) -> Void)? = nil
    ) {
        self.maximumWait = maximumWait
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.notice = notice
    }

    package static let none = RetryPolicy(maximumWait: 0)

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
    /// read against `now`), else a random time between zero and the exponential ceiling ("full jitter").
    func delay(attempt: Int, retryAfter: String?, now: Date = Date()) -> Double {
        if let retryAfter = retryAfter?.trimmingCharacters(in: .whitespaces) {
            if let seconds = Double(retryAfter), seconds >= 0 { return min(seconds, maximumDelay * 3) }
            if let date = Self.httpDate(retryAfter) {
                return min(max(0, date.timeIntervalSince(now)), maximumDelay * 3)
            }
        }
        let ceiling = min(maximumDelay, baseDelay * Double(1 << min(attempt, 20)))
        return Double.random(in: 0...ceiling)
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
