import Foundation

/// Times as the Coveo APIs write them: epoch milliseconds (dates, ordering ids) and W3C date-times
/// (`2024-01-02T03:04:05.678Z`, the Source Logs API). One place for the client, the shell and the sandbox.
package enum EpochMilliseconds {
    package static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// `2024-01-02T03:04:05.678Z`, without a formatter object: the sandbox writes one per indexed item.
    package static func iso8601(_ milliseconds: Int64) -> String {
        var seconds = time_t(milliseconds / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let ms = Int(milliseconds % 1000)
        let fraction = ms < 10 ? "00\(ms)" : (ms < 100 ? "0\(ms)" : "\(ms)")
        let date = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
        return "\(date)T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)).\(fraction)Z"
    }

    /// An ISO 8601 date-time, with or without fractional seconds; with `dateOnly`, a bare date too.
    package static func parseISO8601(_ text: String, dateOnly: Bool = false) -> Int64? {
        let formatter = ISO8601DateFormatter()
        var forms: [ISO8601DateFormatter.Options] = [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ]
        if dateOnly { forms.append([.withFullDate]) }
        for options in forms {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        }
        return nil
    }

    /// Epoch milliseconds as digits, or an ISO 8601 date-time or date (what users type after `--older-than`).
    package static func parse(_ text: String) -> Int64? {
        if let value = Int64(text), value >= 0 { return value }
        return parseISO8601(text, dateOnly: true)
    }
}
