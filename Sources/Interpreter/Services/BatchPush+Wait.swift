import CoveoAPI
import Foundation

/// `push @FILE --wait`: each item's fate, read from the Source Logs by counts, then the rejected ones.
extension BatchPush {
    /// Follows the Source Logs until every pushed item is indexed or rejected; prints the rejected ones.
    /// It counts with `facetsStats` (one small answer per poll, however many items), then reads only the
    /// entries that are not COMPLETED, so waiting for 100,000 items does not page through 100,000 entries.
    func waitForBatch(
        _ client: CoveoClient, _ sourceId: String, _ ids: ItemFingerprints, since: Int64, limit: Double
    ) async throws -> [String: (result: String, reason: String?)] {
        let from = EpochMilliseconds.iso8601(since)
        // However it ends (done, too long, Ctrl-C), the waiting line goes: it must not stay under the next prompt.
        defer { console.progress(nil) }
        let deadline = Date().addingTimeInterval(limit)
        var processed = 0
        // An item's fate: COMPLETED at the INDEXING stage, or REJECTED or ERROR at any stage (the pipeline
        // writes an entry per stage, so counting every entry would finish too early on the platform).
        let indexedFilter: JSONObject = [
            "operations": ["ADD", "UPDATE"], "tasks": ["INDEXING"], "results": ["COMPLETED"],
        ]
        let failedFilter: JSONObject = [
            "operations": ["ADD", "UPDATE"], "results": .array(ItemConverter.finalResults.map(JSON.string)),
        ]
        func total(_ counts: JSON) -> Int {
            (counts["results"]?.objectValue?.members ?? []).reduce(0) { $0 + ($1.value.intValue ?? 0) }
        }
        while true {
            let to = EpochMilliseconds.iso8601(clock.now() + 60_000)
            processed = total(try await client.logCounts(sourceId, from: from, to: to, filters: indexedFilter))
            if processed < ids.count {
                processed += total(try await client.logCounts(sourceId, from: from, to: to, filters: failedFilter))
            }
            if processed >= ids.count { break }
            if console.showsProgress { console.progress("waiting: \(processed) of \(ids.count) items processed") }
            guard Date() < deadline else {
                console.progress(nil)
                throw ShellError.failure(
                    "\(ids.count - processed) item(s) not processed within \(Int(limit)) s; `logs` will tell later")
            }
            do {
                try await Task.sleep(for: .milliseconds(100))
            } catch {
                console.progress(nil)
                throw ShellError(.cancelled, "stopped waiting; \(processed) of \(ids.count) items processed so far")
            }
        }
        console.progress(nil)
        let rejected = try await rejectedItems(client, sourceId, ids, from: from, filters: failedFilter)
        for (id, entry) in rejected.sorted(by: { $0.key < $1.key }) {
            console.diagnose("\(entry.result.lowercased()): \(id): \(entry.reason ?? "no reason given")")
        }
        return rejected
    }

    /// What went wrong, and only for these items: each rejected item's result and reason, from the Source Logs.
    private func rejectedItems(
        _ client: CoveoClient, _ sourceId: String, _ wanted: ItemFingerprints, from: String, filters: JSONObject
    ) async throws -> [String: (result: String, reason: String?)] {
        var rejected: [String: (result: String, reason: String?)] = [:]
        var page = 0
        while true {
            let answer = try LogPage(
                await client.logs(
                    sourceId, documentId: nil, from: from, to: EpochMilliseconds.iso8601(clock.now() + 60_000),
                    page: page, perPage: 1000, filters: filters))
            for entry in answer.entries {
                guard let id = entry.id, wanted.contains(id) else { continue }
                rejected[id] = (entry.result ?? "?", entry.reason)
            }
            guard answer.hasNextPage else { return rejected }
            page += 1
        }
    }
}
