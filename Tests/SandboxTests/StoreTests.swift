import CoveoAPI
import Foundation
import Sandbox
import Testing

/// The sandbox's store of record: counts kept, not scanned, agree with the rows; pages cover everything once; the
/// limits it sets; a state file of the previous version is upgraded in place.
@Suite struct StoreTests {
    let clock = ManualClock(at: 1_768_478_400_000)

    func start(stateFile: String? = nil) async throws -> (SandboxServer, CoveoClient, String) {
        var configuration = SandboxConfiguration(
            organization: "storeorg", stateFile: stateFile, indexingDelayMilliseconds: 10)
        configuration.clock = clock.wallClock
        let server = try await SandboxServer.start(configuration)
        let client = server.adminClient
        let source = try await client.createSource([
            "sourceType": "PUSH", "name": "store", "sourceVisibility": "SHARED",
        ])
        return (server, client, source["id"]?.stringValue ?? "")
    }

    private func iso(_ milliseconds: Int64) -> String { EpochMilliseconds.iso8601(milliseconds) }

    /// `facetsStats` adds up counts per second for the whole seconds of a range and reads the entries at its ends:
    /// over ranges that start and end anywhere, its totals are the number of entries `logs` lists.
    @Test func logCountsAgreeWithTheEntriesOverAnyRange() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        let start = clock.now()
        for number in 0..<40 {
            // Every fifth item has an object as metadata: rejected, so two results are counted.
            let body: JSON = number % 5 == 0 ? ["title": "x", "bad": ["a": 1]] : ["title": .string("item \(number)")]
            try await client.pushDocument(source, documentId: "https://x/\(number)", body: body)
            clock.advance(byMilliseconds: 337)
        }
        clock.advance(byMilliseconds: 1000)
        _ = try await client.sandboxItems(source)
        let end = clock.now()
        var checked = 0
        for from in stride(from: start - 500, to: end, by: 1_111) {
            for to in stride(from: from, to: end + 1_500, by: 2_347) {
                let counts = try await client.logCounts(source, from: iso(from), to: iso(to))
                var listed: [String: Int] = [:]
                var page = 0
                while true {
                    let answer = try await client.logs(
                        source, documentId: nil, from: iso(from), to: iso(to), page: page, perPage: 7)
                    for entry in answer["documentLogEntries"]?.arrayValue ?? [] {
                        listed[entry["result"]?.stringValue ?? "", default: 0] += 1
                    }
                    guard answer["hasNextPage"] == true else { break }
                    page += 1
                }
                let counted = (counts["results"]?.objectValue?.members ?? []).reduce(into: [String: Int]()) {
                    $0[$1.key] = $1.value.intValue
                }
                #expect(counted.filter { $0.value > 0 } == listed, "from \(from - start) to \(to - start)")
                checked += 1
            }
        }
        #expect(checked > 50)
        let all = try await client.logCounts(source, from: iso(start - 1), to: iso(end))
        #expect(all["results"]?["COMPLETED"] == 32 && all["results"]?["REJECTED"] == 8)
        #expect(all["tasks"]?["VALIDATION"] == 8 && all["tasks"]?["INDEXING"] == 32)
    }

    /// Pages of a source's items, in id order: each item once, the count kept as items come and go.
    @Test func itemPagesCoverEveryItemOnce() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        let ids = (0..<57).map { String(format: "https://x/%03d", ($0 * 37) % 57) }
        for id in ids { try await client.pushDocument(source, documentId: id, body: ["title": "t"]) }
        clock.advance(byMilliseconds: 1)
        try await client.deleteDocument(source, documentId: "https://x/010", deleteChildren: false)
        clock.advance(byMilliseconds: 1000)
        var seen: [String] = []
        var page = 0
        while true {
            let answer = try await client.sandboxItems(source, page: page, perPage: 10)
            #expect(answer["totalItems"] == 56)
            let items = answer["items"]?.arrayValue ?? []
            if items.isEmpty { break }
            seen += items.compactMap { $0["documentId"]?.stringValue }
            page += 1
        }
        #expect(seen == ids.filter { $0 != "https://x/010" }.sorted())
        #expect(try await client.getSource(source).value(at: ["information", "numberOfDocuments"]) == 56)
    }

    /// A key may hold 100 file containers it has not used; one expired no longer counts.
    @Test func aKeyHoldsAtMostAHundredUnusedContainers() async throws {
        let (server, client, _) = try await start()
        defer { Task { await server.stop() } }
        for _ in 0..<100 { _ = try await client.createFileContainer() }
        do {
            _ = try await client.createFileContainer()
            Issue.record("the 101st container was made")
        } catch {
            #expect(error.status == 400)
            #expect(error.message.contains("100"))
        }
        clock.advance(byMilliseconds: 60 * 60 * 1000)
        _ = try await client.createFileContainer()
    }

    /// A state file the previous pshell wrote (version 1: items, the queue and the organization as JSON text) is
    /// upgraded in place: everything in it is there, a queued operation is applied, log sequences go on.
    @Test func aVersion1StateFileIsUpgraded() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "pshell-v1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appending(path: "state.db").path
        try Self.writeVersion1(to: file, now: clock.now())
        var configuration = SandboxConfiguration(organization: "old", stateFile: file, indexingDelayMilliseconds: 10)
        configuration.clock = clock.wallClock
        let server = try await SandboxServer.start(configuration)
        defer { Task { await server.stop() } }
        #expect(server.adminKey == "xxadmin")
        let client = CoveoClient(
            transport: AsyncHTTPTransport(), endpoints: Endpoints(platform: server.url, push: server.url),
            organization: "old", token: Secret("xxadmin"))
        let source = "old-aaaaaaaaaaaaaaaaaaaaaaaaaa"
        #expect(try await client.getSource(source)["name"] == "from v1")
        let items = try await client.sandboxItems(source)
        #expect(items["totalItems"] == 2, "the stored item and the queued one, applied")
        #expect(items["items"]?.arrayValue?.first?["fields"]?["title"] == "kept")
        try await client.pushDocument(source, documentId: "https://x/new", body: ["title": "new"])
        clock.advance(byMilliseconds: 100)
        let logs = try await client.logs(source, documentId: nil, from: iso(0), to: iso(clock.now() + 1000))
        let guids = (logs["documentLogEntries"]?.arrayValue ?? []).compactMap { $0["guid"]?.stringValue?.suffix(12) }
        #expect(guids == ["000000000007", "00000000000a", "00000000000b"], "sequences go on past the highest used")
        #expect(try await client.sandboxIdentities("oldprov")["totalEntries"] == 1, "identities are rows now")
    }

    private func stateFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appending(path: "pshell-\(name)-\(UUID().uuidString).db").path
    }

    /// The first write after the state file is deleted is refused, whatever it writes (an item is a row, not the
    /// organization's); reads still answer, logs included, though indexing cannot be committed.
    @Test func aDeletedStateFileRefusesTheFirstWriteAndReadsStillAnswer() async throws {
        let file = stateFile("deleted")
        let (server, retrying, source) = try await start(stateFile: file)
        defer { Task { await server.stop() } }
        // A 503 is retried for a while; this one will not change by waiting.
        var client = retrying
        client.retry.maximumWait = 0
        try await client.pushDocument(source, documentId: "https://x/kept", body: ["title": "kept"])
        try FileManager.default.removeItem(atPath: file)
        do {
            try await client.pushDocument(source, documentId: "https://x/lost", body: ["title": "lost"])
            Issue.record("an item was acknowledged after the state file was deleted")
        } catch {
            #expect(error.status == 503 && error.errorCode == "STATE_FILE_GONE", "\(error)")
        }
        clock.advance(byMilliseconds: 1000)
        let window = (iso(0), iso(clock.now() + 1000))
        _ = try await client.logCounts(source, from: window.0, to: window.1)
        _ = try await client.logs(source, documentId: nil, from: window.0, to: window.1)
        #expect(try await client.sandboxItems(source)["pendingOperations"] == 1, "queued, waiting for a disk")
    }

    /// Log entries keep their guids across a restart: a client that tells entries apart by guid sees each once.
    @Test func logGuidsOutliveARestart() async throws {
        let file = stateFile("guids")
        let (server, client, source) = try await start(stateFile: file)
        try await client.pushDocument(source, documentId: "https://x/a", body: ["title": "a"])
        clock.advance(byMilliseconds: 100)
        func guid(_ client: CoveoClient) async throws -> String? {
            let logs = try await client.logs(source, documentId: nil, from: iso(0), to: iso(clock.now() + 1000))
            return logs["documentLogEntries"]?.arrayValue?.first?["guid"]?.stringValue
        }
        let before = try await guid(client)
        await server.stop()
        var configuration = SandboxConfiguration(organization: "storeorg", stateFile: file)
        configuration.clock = clock.wallClock
        let restarted = try await SandboxServer.start(configuration)
        let again = restarted.adminClient
        #expect(before != nil)
        #expect(try await guid(again) == before)
        await restarted.stop()
    }

    /// A batch whose container holds the wrong shape is refused and leaves its container for a good one.
    @Test func aBatchOfTheWrongShapeIsRefusedWhole() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        let wrong: [(String, String)] = [
            (#"{"addOrUpdate": "x"}"#, "must be an array"), (#"{"addOrUpdate": null}"#, "must be an array"),
            (#"{"addOrUpdates": []}"#, "'addOrUpdates'"), (#"{"addOrUpdate": [{"documentId": ""}]}"#, "not empty"),
            (#"{"addOrUpdate": [{"documentId": 5}]}"#, "must be a string"), (#"{"delete": [3]}"#, "an object"),
        ]
        for (content, reason) in wrong {
            let fileId = try await client.uploadToNewContainer(Data(content.utf8))
            do {
                try await client.pushBatch(source, fileId: fileId)
                Issue.record("accepted: \(content)")
            } catch {
                #expect(error.status == 400 && error.message.contains(reason), "\(content): \(error)")
            }
        }
        #expect(try await client.sandboxItems(source)["pendingOperations"] == 0)
    }

    /// The logs' paging and dates are checked as the items' are: a clear 400 rather than a quiet default.
    @Test func logParametersAreChecked() async throws {
        let (server, client, source) = try await start()
        defer { Task { await server.stop() } }
        let (from, to) = (iso(clock.now() - 1000), iso(clock.now()))
        for (page, perPage) in [(-1, 100), (0, 0), (0, 1001)] {
            await #expect(throws: APIError.self) {
                _ = try await client.logs(source, documentId: nil, from: from, to: to, page: page, perPage: perPage)
            }
        }
        do {
            _ = try await client.logs(source, documentId: nil, from: to, to: from)
            Issue.record("from after to was accepted")
        } catch {
            #expect(error.message.contains("from must not be later than to"), "\(error)")
        }
        do {
            _ = try await client.logCounts(source, from: "2026-12-06", to: to)
            Issue.record("a date without a time was accepted")
        } catch {
            #expect(error.message.contains("'2026-12-06' is not a W3C date-time"), "\(error)")
        }
    }

    /// A state file named through a symbolic link is the file's (one lock); a hard link or a directory is refused.
    @Test func aStateFileIsKnownByItsOwnPath() async throws {
        let file = stateFile("own")
        let (server, _, _) = try await start(stateFile: file)
        let link = stateFile("link")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: file)
        await #expect(throws: SandboxStateError.self) {
            _ = try await SandboxServer.start(SandboxConfiguration(stateFile: link))
        }
        await server.stop()
        let hard = stateFile("hard")
        try FileManager.default.linkItem(atPath: file, toPath: hard)
        do {
            _ = try await SandboxServer.start(SandboxConfiguration(stateFile: hard))
            Issue.record("a hard-linked state file was opened")
        } catch {
            #expect("\(error)".contains("hard links"), "\(error)")
        }
        do {
            _ = try await SandboxServer.start(SandboxConfiguration(stateFile: NSTemporaryDirectory()))
            Issue.record("a directory was opened as a state file")
        } catch {
            #expect("\(error)".contains("is a folder: a state file must be a file"), "\(error)")
        }
    }

    /// Writes the tables and rows of a version 1 state file with Python's sqlite3 (not our code).
    static func writeVersion1(to file: String, now: Int64) throws {
        let key = #"{"value": "xx%@", "label": "sandbox-%@@pshell.local", "privileges": []}"#
        let keys = String(format: key, "admin", "admin") + ", " + String(format: key, "viewer", "viewer")
        let source = #"{"id": "old-aaaaaaaaaaaaaaaaaaaaaaaaaa", "name": "from v1", "sourceVisibility": "SHARED"}"#
        let state =
            #"{"format": "pshell-sandbox-state/1", "organization": "old", "apiKeys": [\#(keys)], "#
            + #""sources": [\#(source)], "#
            + #""securityProviders": [{"id": "oldprov", "name": "oldprov", "type": "EXPANDED"}], "#
            + #""identities": {"oldprov": {"group:sales": {"identity": {"name": "sales", "type": "GROUP"}, "#
            + #""members": [], "orderingId": 1, "kind": "IDENTITY"}}}}"#
        let item = #"{"documentId": "https://x/kept", "orderingId": 5, "indexedDate": 6, "fields": {"title": "kept"}}"#
        let queued =
            #"{"sourceId": "old-aaaaaaaaaaaaaaaaaaaaaaaaaa", "orderingId": 9, "due": \#(now - 1), "#
            + #""operation": {"kind": "addOrUpdate", "documentId": "https://x/queued", "body": {"title": "q"}}}"#
        let sql = """
            PRAGMA application_id = \(0x7073_6873); PRAGMA user_version = 1;
            CREATE TABLE state (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
            CREATE TABLE items (source TEXT NOT NULL, document_id TEXT NOT NULL, json TEXT NOT NULL,
                PRIMARY KEY (source, document_id));
            CREATE TABLE pending (seq INTEGER PRIMARY KEY, json TEXT NOT NULL);
            CREATE TABLE logs (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, source TEXT NOT NULL,
                document_id TEXT NOT NULL, operation TEXT NOT NULL, result TEXT NOT NULL, reason TEXT,
                ordering_id INTEGER NOT NULL);
            CREATE TABLE containers (file_id TEXT PRIMARY KEY, created INTEGER NOT NULL, content BLOB);
            CREATE TABLE blocked (source TEXT PRIMARY KEY, until INTEGER NOT NULL);
            CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT INTO state VALUES (1, '\(state)');
            INSERT INTO items VALUES ('old-aaaaaaaaaaaaaaaaaaaaaaaaaa', 'https://x/kept', '\(item)');
            INSERT INTO pending VALUES (3, '\(queued)');
            INSERT INTO logs VALUES (7, \(now - 5000), 'old-aaaaaaaaaaaaaaaaaaaaaaaaaa', 'https://x/kept', 'ADD',
                'COMPLETED', NULL, 5);
            INSERT INTO sequences VALUES ('logs', 9), ('pending', 3);
            """
        let python = Process()
        python.executableURL = URL(filePath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2])",
            file, sql,
        ]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
    }
}
