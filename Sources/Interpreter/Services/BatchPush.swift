import CoveoAPI
import Foundation

extension BatchPush {
    /// `push SOURCE @FILE|@DIR` through the command's client, said on its console.
    static func run(
        _ args: ParsedArguments, _ reference: String, _ context: CommandContext
    ) async throws -> CommandResult {
        let batch = BatchPush(
            client: context.client, console: context.console, clock: context.clock, inputs: context.inputs,
            fields: context.fields, dryRun: context.dryRun, showsProse: context.format(args) == .auto)
        let outcome = try await batch.push(args, reference, sources: context.sources)
        return .followed(.summary(outcome.summary, prose: outcome.prose), failure: outcome.failure)
    }
}

/// `push SOURCE @FILE|@DIR`: items from JSON or NDJSON files, streamed into file containers of at most
/// `--batch-size` MB, each uploaded and then sent with `documents/batch`; with `--wait`, each item's fate.
struct BatchPush: Sendable {
    let client: CoveoClient
    /// Progress, bad items and rejections are said here.
    let console: any Console
    let clock: WallClock
    let inputs: Inputs
    let fields: FieldService
    /// A dry run sends nothing, so it waits for nothing.
    let dryRun: Bool
    /// The summary's prose goes out before `--wait` starts (people see what was sent while they wait).
    let showsProse: Bool
    var destination: Destination = .push

    /// What the push did, to be rendered; and the failure to report after it, if items were bad or rejected.
    struct Outcome {
        var summary: JSON
        var prose: String
        var failure: ShellError?
    }

    /// Options of `push` that describe one item, which a batch from files cannot take.
    static let singleItemOptions = ["title", "data", "file", "meta", "allow", "deny", "anyone", "parent"]

    /// Runs on the shared pool, not the interpreter's event loop: the files are read with blocking calls (a FIFO
    /// may wait for its writer) while the containers already sent are answered on that loop.
    @concurrent
    /// `resolved`: the source and its model when the caller has read them already (`stream` does, to check it is a
    /// Catalog source), so that they are not read twice.
    func push(
        _ args: ParsedArguments, _ reference: String, sources: SourceDirectory,
        resolved: (id: String, model: JSON?)? = nil
    ) async throws -> Outcome {
        if !destination.isStream, let option = Self.singleItemOptions.first(where: { args.has($0) }) {
            throw ShellError.usage("push: --\(option) describes one item; with @FILE the items come from the file")
        }
        let files = try itemFiles(reference)
        let totalBytes = files.reduce(0) { $0 + $1.size }
        let megabytes = args.number("batch-size")
        let limit = megabytes * 1024 * 1024
        let (sourceId, model): (String, JSON?)
        if let resolved {
            (sourceId, model) = resolved
        } else {
            (sourceId, model) = try await sources.resolve(args[CommandSpec.source], client: client)
        }
        // Read before anything is written (a status, fields): a mistyped source is its 404, and changes nothing.
        var read = model
        if read == nil, !DryRun.isPlaceholder(sourceId) { read = try await client.getSource(sourceId) }
        let status = destination.isStream ? nil : args.value("status")
        if let status { try await client.setStatus(sourceId, status) }
        var planner = try await fields.planner(args)
        let started = Date()
        let startedAt = clock.now()
        var report = BatchReport()
        let source = try read.map { json throws in try SourceModel(json) }
        report.countsMissingPermissions = countsMissingPermissions(in: source)
        defer { fields.reportProblems(planner) }
        do {
            try await send(
                files, to: sourceId, client: client, limit: limit, totalBytes: totalBytes, report: &report,
                started: started,
                planner: &planner)
        } catch {
            throw await stopped(by: error, report, restoringIdle: status != nil, sourceId)
        }
        console.progress(nil)
        warnOfMissingPermissions(report, source: source?.name ?? sourceId)
        if status != nil { try await client.setStatus(sourceId, "IDLE") }
        if case .streamLoad(let streamId) = destination {
            report.firstOrderingId = try await closeLoad(streamId, sourceId, report) ?? report.firstOrderingId
        }
        // The logs are read from the platform's own orderingId when it gave one; else from a second before the
        // start (the clocks may differ).
        var outcome = try await finish(
            args, report, sourceId, seconds: max(Date().timeIntervalSince(started), 0.001),
            since: report.firstOrderingId ?? startedAt - 1000)
        if outcome.failure == nil, report.bad > 0 || !report.brokenFiles.isEmpty {
            var parts: [String] = []
            if report.bad > 0 { parts.append("\(report.bad) bad item(s) were not sent") }
            if !report.brokenFiles.isEmpty {
                parts.append("\(report.brokenFiles.count) file(s) broke, the rest of each skipped")
            }
            outcome.failure = ShellError.failure(
                parts.joined(separator: " and ") + " (each is reported above); \(report.sent) item(s) "
                    + (dryRun ? "would have been sent" : "were sent"))
        }
        return outcome
    }

    /// What a push stopped midway says: how far it went, what was left undone.
    private func stopped(
        by error: any Error, _ report: BatchReport, restoringIdle: Bool, _ sourceId: String
    ) async -> ShellError {
        console.progress(nil)
        let interrupted = ShellError.isInterruption(error)
        var message =
            "\(destination.isStream ? "stream" : "push") stopped after \(report.sent) item(s) in "
            + "\(report.containers) container(s)"
        if report.unsure > 0 {
            message += " acknowledged, and \(report.unsure) more in a container cut short that may have arrived"
        }
        if !interrupted { message += ": \(Self.describe(error))" }
        // As Coveo's CLI does: the source goes back to IDLE even when the push fails midway, or is interrupted.
        if restoringIdle { message += "; " + (await Self.restoreIdle(client, sourceId)) }
        if case .streamLoad = destination { message += "; the stream was not closed: nothing of it is applied" }
        // The exit status and `-o json` fields are the refusal's (a 403 exits 3); the message says how far.
        var failure = ShellError.from(error)
        failure.message = message
        if interrupted { failure.kind = .cancelled }
        return failure
    }

    /// After the last container: the summary, and with `--wait` each item's fate (a rejected one fails the push).
    private func finish(
        _ args: ParsedArguments, _ report: BatchReport, _ sourceId: String, seconds: Double, since: Int64
    ) async throws -> Outcome {
        let prose =
            (dryRun ? "dry run: " + destination.verb.wouldDo : destination.verb.done)
            + " \(report.sent) \(destination.entries) in \(report.containers) container(s), \(report.bad) bad, "
            + (report.brokenFiles.isEmpty ? "" : "\(report.brokenFiles.count) file(s) skipped, ")
            + (dryRun
                ? String(format: "%.1f MB", Double(report.bytes) / 1_048_576)
                : String(
                    format: "%.1f MB in %.2f s (%.0f items/s)", Double(report.bytes) / 1_048_576, seconds,
                    Double(report.sent) / seconds))
        var summary = report.summary(sourceId: sourceId, seconds: seconds)
        guard args.has("wait"), !dryRun, report.sent > 0 else {
            return Outcome(summary: .object(summary), prose: prose)
        }
        // Said before the wait, as the printer would say it (wrapped at a word on a terminal).
        if showsProse { console.write(Renderer(console: console).wrapped(prose) + "\n") }
        let limit = Double(args.optionalNumber("wait-timeout") ?? 300)
        let items = report.items
        let rejected = try await waitForBatch(client, sourceId, items, since: since, limit: limit)
        summary["indexed"] = .int(items.count - rejected.count)
        summary["rejected"] = .array(
            rejected.sorted { $0.key < $1.key }.map { id, fate in
                ["id": .string(id), "result": .string(fate.result), "reason": fate.reason.map(JSON.string) ?? .null]
            })
        return Outcome(
            summary: .object(summary), prose: "\(items.count - rejected.count) indexed, \(rejected.count) rejected",
            failure: rejected.isEmpty
                ? nil : ShellError.failure("\(rejected.count) item(s) were rejected (listed above)"))
    }

    /// Sets the source back to IDLE after a push that changed its status, even when Ctrl-C stopped the push: the
    /// call runs outside the cancelled task, with a short retry budget. Says in a few words what became of it.
    static func restoreIdle(_ client: CoveoClient, _ sourceId: String) async -> String {
        var client = client
        client.retry.maximumWait = min(client.retry.maximumWait, 10)
        let result = await Task { try await client.setStatus(sourceId, "IDLE") }.result
        switch result {
        case .success:
            return "the source is back to IDLE"
        case .failure(let error):
            return "the source could not be set back to IDLE (\(Self.describe(error))): run `status \(sourceId) IDLE`"
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? ShellError { return error.message }
        if let error = error as? APIError { return error.description }
        return "\(error)"
    }

    /// The files behind `@PATH`: the file, or every .json/.ndjson/.jsonl file under the folder, sorted.
    private func itemFiles(_ reference: String) throws -> [(path: String, name: String, size: Int)] {
        let given = String(reference.dropFirst())
        let path = inputs.path(given)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ShellError.failure("\(destination.command): \(reference): no such file or folder")
        }
        func size(_ file: String) -> Int {
            ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        }
        guard isDirectory.boolValue else { return [(path, given, size(path))] }
        let names = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
            .filter { ["json", "ndjson", "jsonl"].contains(($0 as NSString).pathExtension.lowercased()) }
            .sorted()
        guard !names.isEmpty else {
            throw ShellError.failure("\(destination.command): \(reference) holds no .json, .ndjson or .jsonl file")
        }
        return names.map { (path + "/" + $0, given + "/" + $0, size(path + "/" + $0)) }
    }

    private func send(
        _ files: [(path: String, name: String, size: Int)], to sourceId: String, client: CoveoClient, limit: Int,
        totalBytes: Int, report: inout BatchReport, started: Date, planner: inout FieldPlanner?
    ) async throws {
        let opening = destination.opening
        // One buffer, sized once: the container is the largest thing pshell holds while it pushes.
        var container = Data(capacity: min(limit, totalBytes + totalBytes / 8 + 4096))
        container.append(contentsOf: opening)
        var itemsInContainer = 0
        var inFlight: InFlight?

        var stream = ItemFileReader.Files(files.map { ($0.path, $0.name) })
        defer { stream.close() }
        do {
            try await read(
                &stream, into: &container, &itemsInContainer, sourceId, client, limit, &report, &inFlight,
                &planner, totalBytes: totalBytes, started: started)
        } catch {
            // Stopped (Ctrl-C, a failure): the container in flight is stopped too, and counted if it had arrived,
            // so that the summary says what the platform acknowledged.
            if let task = inFlight {
                task.cancel()
                let outcome = await task.value
                if outcome.error == nil {
                    report.count(outcome)
                } else if (outcome.error as? APIError)?.mayHaveArrived != false {
                    report.unsure += outcome.items
                }
            }
            throw error
        }
    }

    private func read(
        _ stream: inout ItemFileReader.Files, into container: inout Data, _ itemsInContainer: inout Int,
        _ sourceId: String, _ client: CoveoClient, _ limit: Int, _ report: inout BatchReport,
        _ inFlight: inout InFlight?, _ planner: inout FieldPlanner?, totalBytes: Int, started: Date
    ) async throws {
        let closing = destination.closing
        var bytesRead = 0
        var lastDraw = Date.distantPast
        while let element = await stream.next(onBroken: { skip($0, after: $1, &report) }) {
            try Task.checkCancellation()
            bytesRead += element.bytes
            var problem: String?
            switch prepare(element, limit: limit) {
            case .failure(let reason):
                problem = reason.message
            case .success(let (id, body, bytes)):
                if container.count + bytes.count + 1 + closing.count > limit {
                    try await flush(&container, &itemsInContainer, sourceId, client, &report, &inFlight, &planner)
                }
                planner?.add(body)
                if report.countsMissingPermissions, body["permissions"] == nil { report.withoutPermissions += 1 }
                if itemsInContainer > 0 { container.append(UInt8(ascii: ",")) }
                container.append(contentsOf: bytes)
                itemsInContainer += 1
                report.items.insert(id)
            }
            if let problem { badItem(at: element.position, problem, &report) }
            // Redrawn every 0.1 s, and before the reader may wait for input (a FIFO's silent writer): the line then
            // says what was read, not what was read a burst ago.
            if console.showsProgress, Date().timeIntervalSince(lastDraw) > 0.1 || !stream.hasBuffered {
                lastDraw = Date()
                console.progress(
                    Self.progressLine(
                        items: report.items.count, bytes: bytesRead, total: totalBytes, started: started))
            }
        }
        // Stopped while waiting for input: the container being filled is not sent.
        try Task.checkCancellation()
        try await flush(&container, &itemsInContainer, sourceId, client, &report, &inFlight, &planner)
        try await settle(&inFlight, &report)
    }

    /// An item that cannot be sent: said, counted, kept for the summary; the push goes on.
    private func badItem(at position: String, _ problem: String, _ report: inout BatchReport) {
        report.bad += 1
        if report.problems.count < 1000 {
            report.problems.append(["at": .string(position), "reason": .string(problem)])
        }
        console.progress(nil)
        console.diagnose(.warning, "\(position): \(problem); not sent")
    }

    /// A file that breaks (cut short, not JSON at its top, unreadable): what came before it was read and goes;
    /// the rest of it is skipped, said with where it broke, and the push goes on to the next file.
    private func skip(_ error: ItemFileReader.Broken, after elements: Int, _ report: inout BatchReport) {
        report.brokenFiles.append(.string(error.message))
        console.progress(nil)
        let skipped =
            elements == 0 ? "this file is skipped" : "the rest of this file is skipped (\(elements) read before)"
        console.diagnose(.warning, "\(error.message); \(skipped)")
    }

    /// Why an element of a file cannot be sent.
    struct ItemProblem: Error {
        var message: String
    }

    /// An element of a file as the item it describes: its id, its body, and the body's bytes in a container.
    /// `body` is what the entry's metadata needs (fields to create), `bytes` the entry in its container.
    private func prepare(
        _ element: ItemFileReader.Element, limit: Int
    ) -> Result<(String, JSONObject, [UInt8]), ItemProblem> {
        let json: JSON
        switch element.value {
        case .invalid(let reason): return .failure(ItemProblem(message: reason))
        case .json(let value): json = value
        }
        return destination.entry(json).flatMap { id, metadata, entry in
            let bytes = Array(JSONWriter.compact(.object(entry)).utf8)
            if bytes.count + destination.opening.count + destination.closing.count > limit {
                return .failure(
                    ItemProblem(message: "the item alone is larger than a container (\(limit / 1_048_576) MB)"))
            }
            // The Stream API's limit on one item (the Push API's is a container's).
            if destination.isStream, bytes.count > 3 * 1024 * 1024 {
                return .failure(ItemProblem(message: "the item is larger than the Stream API's 3 MB"))
            }
            return .success((id, metadata, bytes))
        }
    }

    /// Sends one container: create it, upload its JSON with exactly the required headers, then `documents/batch`.
    /// Hands a full container to a task that sends it, after the previous one is confirmed: the next
    /// container is read and converted while this one travels (one in flight, so memory stays at two).
    private func flush(
        _ container: inout Data, _ items: inout Int, _ sourceId: String, _ client: CoveoClient,
        _ report: inout BatchReport,
        _ inFlight: inout InFlight?, _ planner: inout FieldPlanner?
    ) async throws {
        guard items > 0 else { return }
        container.append(contentsOf: destination.closing)
        try await settle(&inFlight, &report)
        // The fields this container's metadata needs exist before its items are indexed.
        try await fields.createPlanned(&planner)
        let payload = container
        let count = items
        let destination = destination
        inFlight = Task.detached {
            do {
                let orderingId = try await destination.send(payload, to: sourceId, client: client)
                return (count, payload.count, nil, orderingId)
            } catch {
                return (count, payload.count, error, nil)
            }
        }
        container = Data(capacity: payload.count)
        container.append(contentsOf: destination.opening)
        items = 0
    }

    /// Waits for the container in flight and counts it as sent.
    private func settle(
        _ inFlight: inout InFlight?, _ report: inout BatchReport
    ) async throws {
        guard let task = inFlight else { return }
        inFlight = nil
        let sent = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        guard let error = sent.error else { return report.count(sent) }
        // Cut short while it travelled: the platform may or may not hold it (not when it was only ever answered
        // 429, which the platform does not process).
        if ShellError.isInterruption(error), (error as? APIError)?.mayHaveArrived != false {
            report.unsure += sent.items
        }
        throw error
    }

    /// A container on its way: its items and bytes, and what stopped it, if anything.
    typealias InFlight = Task<(items: Int, bytes: Int, error: (any Error)?, orderingId: Int64?), Never>

    static func progressLine(items: Int, bytes: Int, total: Int, started: Date) -> String {
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        // A FIFO or a pipe has no size: what was read, and how fast, without a bar or an end to foresee.
        guard total > 0 else {
            return String(
                format: "%d items  %.1f MB  %.0f items/s", items, Double(bytes) / 1_048_576, Double(items) / elapsed)
        }
        let fraction = total > 0 ? min(Double(bytes) / Double(total), 1) : 0
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
        return String(
            format: "%@ %3.0f%%  %d items  %.1f/%.1f MB  %.0f items/s  ETA %.0fs", bar, fraction * 100, items,
            Double(bytes) / 1_048_576, Double(total) / 1_048_576, Double(items) / elapsed, eta)
    }
}
