import CoveoAPI
import Foundation
import Sandbox
import Testing

/// A page jumped to is found from the runs of ids the index keeps (`ItemRuns`), not by walking every item before
/// it: whatever order items come and go in, each page holds exactly the ids a sort of all of them puts there.
@Suite struct PageJumpTests {
    let clock = ManualClock(at: 1_768_478_400_000)

    /// Ids in no order (a fixed generator: the same run every time), several runs' worth, so runs split.
    static func ids(_ count: Int, seed: UInt64) -> [String] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return "https://x/\(String(state >> 20, radix: 36))"
        }
    }

    @Test func everyPageHoldsTheIdsASortPutsThere() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "pshell-jumps-\(UUID().uuidString).db").path
        var configuration = SandboxConfiguration(organization: "jumporg", stateFile: file, indexingDelayMilliseconds: 0)
        configuration.clock = clock.wallClock
        let server = try await SandboxServer.start(configuration)
        let client = server.adminClient
        let source = try await client.createSource(["sourceType": "PUSH", "name": "j", "sourceVisibility": "SHARED"])
        let id = try #require(source["id"]?.stringValue)
        var held = Set<String>()
        let began = clock.now()
        for (round, batch) in [Self.ids(3000, seed: 1), Self.ids(2500, seed: 2), Self.ids(1200, seed: 1)].enumerated() {
            // Each batch's entries in a second of their own: the jumps below cross counted seconds.
            clock.advance(byMilliseconds: 1300)
            let entries = batch.map { "{\"documentId\": \"\($0)\", \"title\": \"t\"}" }.joined(separator: ",")
            let fileId = try await client.uploadToNewContainer(Data("{\"addOrUpdate\": [\(entries)]}".utf8))
            try await client.pushBatch(id, fileId: fileId, orderingId: Int64(round + 1))
            held.formUnion(batch)
        }
        // Some go: a run's count goes down as the index removes them one by one.
        for removed in Self.ids(3000, seed: 1).prefix(700) {
            clock.advance(byMilliseconds: 37)
            try await client.deleteDocument(id, documentId: removed, deleteChildren: false, orderingId: 10)
            held.remove(removed)
        }
        clock.advance(byMilliseconds: 10)
        let sorted = held.sorted()
        func expectPages(_ client: CoveoClient, _ when: String) async throws {
            for page in [4, 0, 2, sorted.count / 700, 1, 3] {
                let answer = try await client.sandboxItems(id, page: page, perPage: 700)
                let got = (answer["items"]?.arrayValue ?? []).compactMap { $0["documentId"]?.stringValue }
                let expected = Array(sorted.dropFirst(page * 700).prefix(700))
                let same = got == expected
                #expect(same, "\(when): page \(page) starts at \(got.first ?? "-"), not \(expected.first ?? "-")")
            }
        }
        try await expectPages(client, "as kept")
        try await expectLogPages(client, id, from: began + 123, to: clock.now() - 77)
        await server.stop()
        // After a restart the runs are built again from the index.
        let restarted = try await SandboxServer.start(configuration)
        try await expectPages(restarted.adminClient, "after a restart")
        try await expectLogPages(restarted.adminClient, id, from: began + 1234, to: clock.now() - 7)
        await restarted.stop()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) }
    }

    /// A logs page jumped to (found from the counts per second) holds the entries that reading every page before
    /// it, one after another, reaches (each a seek from the page before); over a range that starts and ends inside
    /// a second.
    func expectLogPages(_ client: CoveoClient, _ source: String, from: Int64, to: Int64) async throws {
        let (start, end) = (EpochMilliseconds.iso8601(from), EpochMilliseconds.iso8601(to))
        var all: [String] = []
        for page in 0... {
            let answer = try await client.logs(source, documentId: nil, from: start, to: end, page: page, perPage: 900)
            let entries = answer["documentLogEntries"]?.arrayValue ?? []
            all += entries.compactMap { $0["guid"]?.stringValue }
            if entries.count < 900 { break }
        }
        #expect(all.count > 5000)
        // Pages of 500 and 700 start where no page of 900 did: each is a jump, not a start remembered. Those of 500
        // start at the batches' seconds too (3,000 and 5,500 entries in).
        for (page, size) in [(6, 700), (1, 500), (6, 500), (11, 500), (9, 700), (3, 700), (all.count / 700, 700)] {
            let answer = try await client.logs(source, documentId: nil, from: start, to: end, page: page, perPage: size)
            let got = (answer["documentLogEntries"]?.arrayValue ?? []).compactMap { $0["guid"]?.stringValue }
            let expected = Array(all.dropFirst(page * size).prefix(size))
            let same = got == expected
            #expect(same, "logs page \(page) starts at \(got.first ?? "-"), not \(expected.first ?? "-")")
        }
    }
}

/// A state file's sandbox listens where its last run did, when it can: a pshell pointed at it goes on working.
@Suite struct RestartPortTests {
    @Test func aRestartKeepsThePortOrSaysWhyNot() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "pshell-port-\(UUID().uuidString).db").path
        defer {
            for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: file + suffix) }
        }
        let configuration = SandboxConfiguration(organization: "portorg", stateFile: file)
        let first = try await SandboxServer.start(configuration)
        #expect(first.portNote == nil)
        let port = try #require(first.url.port)
        await first.stop()
        let second = try await SandboxServer.start(configuration)
        // Another test may have taken the port meanwhile: then the sandbox says so.
        #expect(
            (second.url.port == port && second.portNote == "the port of the last run on this state file")
                || second.portNote == "port \(port), the last run's on this state file, is taken now",
            "\(second.url) \(second.portNote ?? "")")
        await second.stop()
        // Someone else holds the port the lock file names: any other, said.
        let holder = try await SandboxServer.start(SandboxConfiguration(organization: "other"))
        let held = try #require(holder.url.port)
        try "pid 1, port \(held)\n".write(toFile: file + ".lock", atomically: false, encoding: .utf8)
        let third = try await SandboxServer.start(configuration)
        #expect(third.url.port != held)
        #expect(third.portNote == "port \(held), the last run's on this state file, is taken now")
        await third.stop()
        await holder.stop()
    }
}
