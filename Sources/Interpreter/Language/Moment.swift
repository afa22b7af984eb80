import CoveoAPI

/// A time given on the command line (`logs --since`): an ISO 8601 date-time, epoch milliseconds, or a time ago
/// as people say it at a prompt (`90s`, `15m`, `2h`, `7d`).
enum Moment {
    private static let units: [Character: Int64] = ["s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000]

    /// Epoch milliseconds, `now` being the clock's; nil when `text` is none of the three forms.
    static func milliseconds(_ text: String, now: Int64) -> Int64? {
        if let unit = text.last.flatMap({ units[$0] }), let count = Int64(text.dropLast()), count >= 0,
            count <= Int64.max / unit
        {
            return now - count * unit
        }
        return EpochMilliseconds.parse(text)
    }
}
