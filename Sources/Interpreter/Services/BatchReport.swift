import CoveoAPI
import Foundation

/// What a `push @FILE` did: counted as containers are acknowledged, so that a push stopped midway says what the
/// platform holds.
struct BatchReport {
    var sent = 0
    var bad = 0
    var containers = 0
    var bytes = 0
    /// The ids of the items sent, in a filter of fixed size: what `--wait` needs to tell this push's rejected items
    /// from another's, without a list that grows with the items.
    var items = ItemFingerprints()
    /// The first bad items (where, and why), for the JSON summary.
    var problems: [JSON] = []
    /// Files that broke, each `file:LINE:COLUMN: why`.
    var brokenFiles: [JSON] = []
    /// Items of a container whose sending was cut short: they may have arrived.
    var unsure = 0

    /// The earliest orderingId the platform gave an operation of this batch (the Stream API answers with one):
    /// `--wait` reads the logs from there, which no earlier operation of the source wrote in, whatever the clocks.
    var firstOrderingId: Int64?
    /// Whether items without permissions are counted (a SECURED source), and how many were sent.
    var countsMissingPermissions = false
    var withoutPermissions = 0

    mutating func count(_ sent: (items: Int, bytes: Int, error: (any Error)?, orderingId: Int64?)) {
        if let given = sent.orderingId { firstOrderingId = min(firstOrderingId ?? given, given) }
        containers += 1
        self.sent += sent.items
        bytes += sent.bytes
    }

    /// What `push @FILE -o json` prints (and `$last` holds).
    func summary(sourceId: String, seconds: Double) -> JSONObject {
        [
            "sourceId": .string(sourceId), "sent": .int(sent), "bad": .int(bad), "badItems": .array(problems),
            "skippedFiles": .int(brokenFiles.count), "brokenFiles": .array(brokenFiles),
            "containers": .int(containers), "bytes": .int(bytes),
            "seconds": .number(String(format: "%.3f", seconds)),
        ]
    }
}

/// The ids a push sent, as a Bloom filter of fixed size (2 MiB, 7 bits an id): memory does not grow with the
/// item count. It answers "sent" for every id sent and, for an id not sent, wrongly with a chance that grows with
/// the count: about 1 in 2,000 at 1,000,000 items. `--wait` uses it to tell this push's rejected items from those
/// another client pushed to the source at the same time.
struct ItemFingerprints {
    private static let bits = 1 << 24
    private static let probes = 7
    private var words = [UInt64](repeating: 0, count: bits / 64)
    private(set) var count = 0

    /// Calls `body` with the position of each of an id's bits: two hashes (Swift's, seeded per process) combined
    /// as double hashing does, without an array per id (a push of a million items asks two million times).
    private static func forEachPosition(of id: String, _ body: (Int) -> Bool) -> Bool {
        var first = Hasher()
        first.combine(id)
        var second = Hasher()
        second.combine(0x5eed as UInt16)
        second.combine(id)
        let a = UInt64(bitPattern: Int64(first.finalize()))
        let b = UInt64(bitPattern: Int64(second.finalize())) | 1
        for probe in 0..<UInt64(probes) where !body(Int((a &+ probe &* b) % UInt64(bits))) { return false }
        return true
    }

    mutating func insert(_ id: String) {
        _ = Self.forEachPosition(of: id) { position in
            words[position / 64] |= 1 << UInt64(position % 64)
            return true
        }
        count += 1
    }

    /// Whether `id` was sent (never false for one that was).
    func contains(_ id: String) -> Bool {
        Self.forEachPosition(of: id) { words[$0 / 64] & (1 << UInt64($0 % 64)) != 0 }
    }
}
