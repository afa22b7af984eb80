import CoveoAPI

/// A time given on the command line (`logs --since`): an ISO 8601 date-time, epoch milliseconds, or a time ago
/// as people say it at a prompt (`90s`, `15m`, `2h`, `7d`).
enum Moment {
    private static let century: Int64 = 100 * 365 * 86_400_000
    private static let units: [Character: Int64] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]

    /// Epoch milliseconds, `now` being the clock's, never before 1970; nil when `text` is none of the three forms.
    static func milliseconds(_ text: String, now: Int64) -> Int64? {
        if let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()) {
            // A century back at most: further is no date a log or an item has, and past it the date overflows.
            guard count >= 0, count <= Self.century / unit else { return nil }
            return max(now - count * unit, 0)
        }
        // Before 1970 is no time an item or a log entry has (and no date the APIs write).
        return EpochMilliseconds.parse(text).flatMap { $0 >= 0 ? $0 : nil }
    }
}
