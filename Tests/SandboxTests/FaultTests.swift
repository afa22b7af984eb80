import CoveoAPI
import Foundation
import Sandbox
import Synchronization
import Testing

/// Retries against injected faults: nothing lost, nothing indexed twice.
@Suite struct FaultTests {
    @Test func faultSpecParsing() throws {
        let faults = try SandboxFaults.parse("429=0.2,503=0.05,reset=0.02,retry-after=3")
        #expect(faults.statuses.map(\.status) == [429, 503])
        #expect(faults.reset == 0.02)
        #expect(faults.retryAfter == 3)
        #expect(throws: SandboxStartError.self) { try SandboxFaults.parse("404=0.1") }
        #expect(throws: SandboxStartError.self) { try SandboxFaults.parse("429=0.8,503=0.5") }
        #expect(throws: SandboxStartError.self) { try SandboxFaults.parse("reset") }
    }

    @Test func tenThousandItemsThroughFaultsAreIndexedExactlyOnce() async throws {
        var configuration = SandboxConfiguration(organization: "faults", indexingDelayMilliseconds: 10)
        let clock = ManualClock(at: 1_768_478_400_000)
        configuration.clock = clock.wallClock
        configuration.faults = try SandboxFaults.parse("429=0.2,503=0.05,reset=0.02,retry-after=0")
        let server = try await SandboxServer.start(configuration)
        defer { Task { await server.stop() } }
        let notices = Counter()
        var client = CoveoClient(
            transport: AsyncHTTPTransport(), endpoints: Endpoints(platform: server.url, push: server.url),
            organization: "faults", token: Secret(server.adminKey))
        // The product waits at least a second between attempts; this test's sandbox is told to answer
        // `Retry-After: 0`, and a millisecond keeps twelve thousand requests quick.
        client.retry = RetryPolicy(
            maximumWait: 120, baseDelay: 0.005, maximumDelay: 0.1, minimumDelay: 0.001, maximumAttempts: 30,
            notice: { _ in notices.add() })
        var sourceModel: JSON?
        while sourceModel == nil {
            // A create is not retried after a dropped connection (it could have succeeded); try again by hand.
            sourceModel = try? await client.createSource([
                "sourceType": "PUSH", "name": "faulty", "sourceVisibility": "SHARED",
            ])
            if sourceModel == nil, let list = try? await client.listSources(),
                let found = list["sourceModels"]?.arrayValue?.first
            {
                sourceModel = found
            }
        }
        let source = try #require(sourceModel?["id"]?.stringValue)
        let total = 10_000
        let pusher = client
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for i in stride(from: worker, to: total, by: 8) {
                        try await pusher.pushDocument(
                            source, documentId: "https://f/\(i)", body: ["title": .string("item \(i)")])
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(notices.value > 1000, "the faults were hit and retried (\(notices.value) retries)")
        clock.advance(byMilliseconds: 10)
        let answer = try await client.sandboxItems(source)
        #expect(answer["pendingOperations"] == 0)
        #expect(answer["totalItems"] == .int(total))
        var entries: [JSON] = []
        var page = 0
        while true {
            let logs = try await client.logs(
                source, documentId: nil, from: "2000-01-01T00:00:00Z", to: "2999-01-01T00:00:00Z", page: page,
                perPage: 1000)
            entries += logs["documentLogEntries"]?.arrayValue ?? []
            guard logs["hasNextPage"] == true else { break }
            page += 1
        }
        let adds = entries.filter { $0["operation"] == "ADD" && $0["result"] == "COMPLETED" }
        #expect(adds.count == total)
        #expect(Set(adds.compactMap { $0["id"]?.stringValue }).count == total)
        #expect(entries.count == total, "no item processed twice")
    }
}

final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
