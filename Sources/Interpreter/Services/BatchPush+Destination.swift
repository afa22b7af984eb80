import CoveoAPI
import Foundation

extension BatchPush {
    /// Where a batch's containers go: the Push API's `documents/batch`, or one of the Stream API's operations on a
    /// Catalog source. Each decides what its containers hold, how an element of a file becomes an entry, and how
    /// a full container is sent.
    enum Destination: Sendable, Equatable {
        case push
        /// The chunks of an open stream (closed by `stream load` once every chunk is acknowledged).
        case streamLoad(streamId: String)
        case streamUpdate
        case streamMerge
        case streamPartial

        var isStream: Bool { self != .push }

        /// The command that sends there, for messages.
        var command: String { isStream ? "stream" : "push" }

        /// What the summary says was done.
        var verb: (done: String, wouldDo: String) {
            switch self {
            case .push: ("pushed", "would push")
            case .streamLoad: ("streamed", "would stream")
            case .streamUpdate: ("updated", "would update")
            case .streamMerge: ("merged", "would merge")
            case .streamPartial: ("sent", "would send")
            }
        }

        /// What a file's entries are: items, or partial updates (several may change one item).
        var entries: String { self == .streamPartial ? "partial update(s)" : "item(s)" }

        /// A container's JSON around its entries.
        var opening: [UInt8] {
            switch self {
            case .push, .streamLoad, .streamUpdate: Array(#"{"addOrUpdate":["#.utf8)
            case .streamMerge: Array(#"{"addOrMerge":["#.utf8)
            case .streamPartial: Array(#"{"partialUpdate":["#.utf8)
            }
        }

        var closing: [UInt8] {
            switch self {
            case .push, .streamLoad, .streamUpdate: Array(#"],"delete":[]}"#.utf8)
            case .streamMerge, .streamPartial: Array("]}".utf8)
            }
        }

        /// An element of a file as the entry a container holds: its item's id, the fields its metadata needs,
        /// and the entry itself. Items are in the Coveo CLI's format; a partial update is Coveo's
        /// `{documentId, operator, field, value}`.
        func entry(_ json: JSON) -> Result<(id: String, metadata: JSONObject, entry: JSONObject), ItemProblem> {
            guard self == .streamPartial else {
                switch ItemConverter.convert(json, dictionaries: isStream) {
                case .bad(let reason): return .failure(ItemProblem(message: reason))
                case .item(let id, let body):
                    // A dictionary field is made with its own options (isDictionary): not planned from a value.
                    var metadata = body
                    for member in body.members where member.value.objectValue != nil { metadata[member.key] = nil }
                    return .success((id, metadata, body))
                }
            }
            return Self.partialEntry(json).map { (id: $0.id, metadata: $0.metadata, entry: $0.entry) }
        }

        private static func partialEntry(
            _ json: JSON
        ) -> Result<(id: String, metadata: JSONObject, entry: JSONObject), ItemProblem> {
            switch PartialUpdate.read(json) {
            case .failure(let problem): return .failure(ItemProblem(message: problem.message))
            case .success(let update):
                // The field a replaced or appended value lands in needs to exist to be searchable, like metadata.
                let plans = [.fieldValueReplace, .arrayAppend].contains(update.operation)
                return .success(
                    (update.documentId, plans ? [update.field: update.value] : [:], json.objectValue ?? [:]))
            }
        }

        /// Sends one full container where it goes; returns the orderingId the Stream API gave the operation.
        func send(_ payload: Data, to sourceId: String, client: CoveoClient) async throws -> Int64? {
            switch self {
            case .push:
                try await client.pushBatch(sourceId, fileId: try await client.uploadToNewContainer(payload))
                return nil
            case .streamLoad(let streamId):
                // A chunk is asked for each container, as Coveo's clients do (the open's own stays empty).
                let chunk = try await client.streamChunk(sourceId, streamId: streamId)
                _ = try await client.upload(payload, to: chunk)
                return nil
            case .streamUpdate, .streamPartial:
                let fileId = try await client.uploadToNewContainer(payload)
                return StreamAnswer(try await client.streamUpdate(sourceId, fileId: fileId)).orderingId
            case .streamMerge:
                let fileId = try await client.uploadToNewContainer(payload)
                return StreamAnswer(try await client.streamMerge(sourceId, fileId: fileId)).orderingId
            }
        }
    }

    /// Why a load is not closed: it carried no item, or some of its items or files were bad (they would be
    /// deleted with what the files do not hold).
    static func loadRefusal(_ report: BatchReport, dryRun: Bool) -> ShellError? {
        let left = report.bad + report.brokenFiles.count
        guard report.sent == 0 || left > 0 else { return nil }
        let parts = [
            report.bad > 0 ? "\(report.bad) bad item(s)" : nil,
            report.brokenFiles.isEmpty ? nil : "the rest of \(report.brokenFiles.count) broken file(s)",
        ].compactMap { $0 }
        let what = report.sent == 0 ? "no item could be sent" : parts.joined(separator: " and ") + " were left out"
        return ShellError.failure(
            "stream load: \(what); the stream \(dryRun ? "would not be" : "was not") closed, so nothing of it "
                + "is applied and the catalog is unchanged (a load deletes every item it does not carry). Fix the "
                + "files, or send the good items with stream update")
    }

    /// Closes a load once every chunk is acknowledged: the source then holds what the stream carried, applied with
    /// the close's orderingId (returned). A load that carries nothing, or leaves bad items out, would delete them:
    /// its stream is left open instead (Coveo applies nothing of a stream never closed).
    func closeLoad(_ streamId: String, _ sourceId: String, _ report: BatchReport) async throws -> Int64? {
        if let refusal = Self.loadRefusal(report, dryRun: dryRun) { throw refusal }
        do {
            return StreamAnswer(try await client.closeStream(sourceId, streamId: streamId)).orderingId
        } catch {
            guard ShellError.isInterruption(error) else { throw error }
            // Sent, and perhaps applied: the user is told what to look at rather than which request stopped.
            throw ShellError(
                .cancelled,
                "interrupted while the stream was being closed: the close may have arrived and the catalog been "
                    + "replaced; `items` and `logs` will tell")
        }
    }
}
