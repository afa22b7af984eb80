import CoveoAPI
import Foundation

/// What a `push @FILE` did: counted as containers are acknowledged, so that a push stopped midway says what the
/// platform holds.
struct BatchReport {
    var sent = 0
    var bad = 0
    var containers = 0
    var bytes = 0
    var ids: [String] = []
    /// The first bad items (where, and why), for the JSON summary.
    var problems: [JSON] = []
    /// Files that broke, each `file:LINE:COLUMN: why`.
    var brokenFiles: [JSON] = []
    /// Items of a container whose sending was cut short: they may have arrived.
    var unsure = 0

    mutating func count(_ sent: (items: Int, bytes: Int, error: (any Error)?)) {
        containers += 1
        self.sent += sent.items
        bytes += sent.bytes
    }

    /// What `push @FILE -o json` prints (and `$last` holds).
    func summary(sourceId: String, seconds: Double) -> JSONObject {
        var summary = JSONObject()
        summary["sourceId"] = .string(sourceId)
        summary["sent"] = .int(sent)
        summary["bad"] = .int(bad)
        summary["badItems"] = .array(problems)
        summary["skippedFiles"] = .int(brokenFiles.count)
        summary["brokenFiles"] = .array(brokenFiles)
        summary["containers"] = .int(containers)
        summary["bytes"] = .int(bytes)
        summary["seconds"] = .number(String(format: "%.3f", seconds))
        return summary
    }
}
