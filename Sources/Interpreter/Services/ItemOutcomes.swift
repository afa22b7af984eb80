import CoveoAPI
import Foundation

/// What became of one pushed item, read from the Source Logs: `push --wait`.
struct ItemOutcomes: Sendable {
    let client: CoveoClient
    let clock: WallClock

    /// The final Source Logs entries of one item since `since` (with `orderingId`, of that orderingId only), each
    /// as its compact JSON: what `--wait` reads before the push, so that an earlier push's entry (the same
    /// orderingId sent twice, the second dropped) is never taken for this one's.
    func finalEntries(
        _ sourceId: String, _ documentId: String, since: Int64, orderingId: Int64?
    ) async throws -> [String: JSON] {
        let page = try LogPage(
            await client.logs(
                sourceId, documentId: documentId, from: EpochMilliseconds.iso8601(since),
                to: EpochMilliseconds.iso8601(clock.now() + 60_000), perPage: 1000))
        var entries: [String: JSON] = [:]
        for entry in page.entries {
            guard ["ADD", "UPDATE"].contains(entry.operation ?? ""), ItemConverter.isFinal(entry) else { continue }
            if let orderingId, entry.orderingId != orderingId { continue }
            entries[entry.guid ?? JSONWriter.compact(entry.json)] = entry.json
        }
        return entries
    }

    /// Polls the Source Logs until an entry for this push appears: one not among `earlier`, the entries that were
    /// there before it was sent. Ctrl-C stops waiting (the item stays queued).
    func waitForOutcome(
        _ sourceId: String, _ documentId: String, since: Int64, orderingId: Int64?, earlier: Set<String>,
        limit: Double
    ) async throws -> JSON {
        let deadline = Date().addingTimeInterval(limit)
        var delay = 0.1
        while true {
            let entries = try await finalEntries(sourceId, documentId, since: since, orderingId: orderingId)
            let new = entries.filter { !earlier.contains($0.key) }.values
            if let latest = new.max(by: { LogEntry($0).datetime ?? "" < LogEntry($1).datetime ?? "" }) {
                return latest
            }
            guard Date().addingTimeInterval(delay) < deadline else {
                throw ShellError.failure(
                    "\(documentId) was accepted but not indexed within \(Int(limit)) s; `logs` will tell later")
            }
            do {
                try await Task.sleep(for: .milliseconds(Int(delay * 1000)))
            } catch {
                throw ShellError(.cancelled, "stopped waiting; \(documentId) was accepted and stays queued")
            }
            delay = min(delay * 1.5, 2)
        }
    }
}
