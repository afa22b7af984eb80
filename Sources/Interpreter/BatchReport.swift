import CoveoAPI
import Foundation

/// What a `push @FILE` did: counted as containers are acknowledged, so that a push stopped midway says what the
/// platform holds.
struct BatchReport {
    var sent = 0
    var bad = 0
    var containers = 0
    var bytes = 0
    /// The items sent, as 8-byte fingerprints of their ids: what `--wait` needs to tell this push's rejected items
    /// from another's, at a twelfth of the memory of the ids themselves (1,000,000 items: 8 MB).
    var items = ItemFingerprints()
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

/// A set of item ids kept as 64-bit hashes (seeded per process, as Swift's hashing is): appended as a push reads,
/// sorted once, then asked by binary search. Two ids may share a fingerprint (a chance in 2^64 per pair): a foreign
/// item then passes for one of ours, never the other way round.
struct ItemFingerprints {
    private var hashes: [UInt64] = []
    private var sorted = true

    var count: Int { hashes.count }

    mutating func insert(_ id: String) {
        let hash = UInt64(bitPattern: Int64(id.hashValue))
        if let last = hashes.last, hash < last { sorted = false }
        hashes.append(hash)
    }

    /// Sorts once, before the first lookups.
    mutating func prepare() {
        if !sorted { hashes.sort() }
        sorted = true
    }

    /// Whether `id` was inserted (after `prepare()`).
    func contains(_ id: String) -> Bool {
        let hash = UInt64(bitPattern: Int64(id.hashValue))
        var low = 0
        var high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < hash { low = middle + 1 } else { high = middle }
        }
        return low < hashes.count && hashes[low] == hash
    }
}
