import Foundation
import Synchronization
import Testing

@testable import CoveoAPI

@Suite struct RetryPolicyTests {
    @Test func retryAfterInSecondsOrAsAnHTTPDate() throws {
        let policy = RetryPolicy(maximumWait: 120, baseDelay: 0.2, maximumDelay: 20)
        let now = try #require(RetryPolicy.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        func within(_ value: Double, _ low: Double) -> Bool { value >= low && value <= low + 0.5 }
        #expect(within(policy.delay(attempt: 0, retryAfter: "3", now: now), 3))
        #expect(within(policy.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 08:49:47 GMT", now: now), 10))
        #expect(within(policy.delay(attempt: 0, retryAfter: "Sunday, 06-Nov-94 08:49:42 GMT", now: now), 5))
        #expect(within(policy.delay(attempt: 0, retryAfter: "Sun Nov  6 08:49:39 1994", now: now), 2))
        #expect(
            within(policy.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 08:49:30 GMT", now: now), 1),
            "a date past (clock skew) is the least wait, not none")
        #expect(within(policy.delay(attempt: 0, retryAfter: "0", now: now), 1), "Retry-After: 0 is the least wait")
        #expect(
            within(policy.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 10:49:37 GMT", now: now), 7200), "in full")
        #expect(within(policy.delay(attempt: 0, retryAfter: "300", now: now), 300), "the Stream API's burst window")
        let fallback = policy.delay(attempt: 0, retryAfter: "soon", now: now)
        #expect(within(fallback, 1), "an unreadable Retry-After falls back to backoff, at least a second")
        let late = (0..<50).map { _ in policy.delay(attempt: 12, retryAfter: nil, now: now) }
        #expect(late.allSatisfy { $0 >= 1 && $0 <= 20.5 } && Set(late).count > 1, "jittered within the ceiling")
    }

    @Test func whatIsSentAgain() {
        #expect(RetryPolicy.retries(status: 429, idempotent: false), "429 was not processed: safe even for a create")
        #expect(!RetryPolicy.retries(status: 503, idempotent: false), "503 may hide a success: a create is not re-sent")
        #expect(!RetryPolicy.retries(status: 502, idempotent: false))
        #expect(RetryPolicy.retries(status: 503, idempotent: true))
        #expect(
            !RetryPolicy.retries(status: 500, idempotent: true), "the server's own failure: waiting does not fix it")
        #expect(!RetryPolicy.retries(status: 404, idempotent: true))
    }

    /// A server that answers every request `status` with `Retry-After: retryAfter`, each answer taking
    /// `answerSeconds` of the virtual clock; counts what it was sent.
    struct Throttling: HTTPTransport {
        let timer: VirtualTimer
        let status: Int
        let retryAfter: String
        var answerSeconds = 0.0
        let counter = RequestCounter()

        func send(_ request: APIRequest) async throws -> APIResponse {
            counter.count.withLock { $0 += 1 }
            timer.advance(answerSeconds)
            return APIResponse(status: status, headers: ["retry-after": retryAfter])
        }
    }

    func client(_ transport: Throttling, maximumWait: Double) -> CoveoClient {
        var client = CoveoClient(
            transport: transport,
            endpoints: Endpoints(
                platform: URL(string: "https://platform.example")!, push: URL(string: "https://api.example")!),
            organization: "o", token: Secret("xxtoken"))
        client.retry = RetryPolicy(maximumWait: maximumWait, timer: transport.timer)
        return client
    }

    @Test(arguments: ["0", "Sun, 06 Nov 1994 08:49:37 GMT", "-1"])
    func retryAfterZeroOrPastIsNoStorm(retryAfter: String) async throws {
        let timer = VirtualTimer()
        let server = Throttling(timer: timer, status: 429, retryAfter: retryAfter)
        await #expect(throws: APIError.self) { try await client(server, maximumWait: 3).listSources() }
        let sent = server.counter.count.withLock { $0 }
        #expect(sent >= 2 && sent <= 3, "at least a second between attempts: \(sent) requests in 3 s")
        #expect(timer.waits.withLock { $0 }.allSatisfy { $0 >= 1 })
        let capped = Throttling(timer: timer, status: 503, retryAfter: retryAfter)
        await #expect(throws: APIError.self) { try await client(capped, maximumWait: 10_000).listSources() }
        #expect(capped.counter.count.withLock { $0 } == 10, "attempts are capped as well as time")
    }

    /// A 429 whose Retry-After is past what the call may wait fails at once, saying so: no retries that the
    /// server has said it will refuse. One within it is waited in full, once.
    @Test func aRetryAfterPastMaxWaitFailsAtOnceAndSaysSo() async throws {
        let timer = VirtualTimer()
        let server = Throttling(timer: timer, status: 429, retryAfter: "300")
        do {
            _ = try await client(server, maximumWait: 120).listSources()
            Issue.record("a 429 past --max-wait succeeded")
        } catch {
            #expect(error.kind == .status(429))
            #expect(error.message.contains("the server asks to wait 300 s"), "\(error.message)")
            #expect(error.message.contains("120 s --max-wait"), "\(error.message)")
        }
        #expect(server.counter.count.withLock { $0 } == 1, "not sent again")
        #expect(timer.waits.withLock { $0 }.isEmpty)
        let patient = Throttling(timer: timer, status: 429, retryAfter: "300")
        await #expect(throws: APIError.self) { try await client(patient, maximumWait: 400).listSources() }
        #expect(patient.counter.count.withLock { $0 } == 2, "one wait of 300 s, then the deadline")
        #expect(timer.waits.withLock { $0 }.allSatisfy { $0 >= 300 })
    }

    /// Ctrl-C while waiting to send again after a 429 says nothing arrived (the platform did not process it);
    /// after a 503, that it may have.
    @Test func aCallCancelledWhileWaitingSaysWhetherItMayHaveArrived() async throws {
        struct Interrupted: RetryTimer {
            func now() -> Double { 0 }
            func sleep(seconds: Double) async throws { throw CancellationError() }
        }
        for (status, arrived) in [(429, false), (503, true)] {
            let server = Throttling(timer: VirtualTimer(), status: status, retryAfter: "1")
            var client = client(server, maximumWait: 60)
            client.retry = RetryPolicy(maximumWait: 60, timer: Interrupted())
            do {
                _ = try await client.listSources()
                Issue.record("no cancellation")
            } catch {
                #expect(error.kind == .cancelled)
                #expect(error.mayHaveArrived == arrived, "after \(status)")
            }
        }
    }

    @Test func theDeadlineIsWallClockTimeNotTheSumOfWaits() async throws {
        let timer = VirtualTimer()
        // Each answer takes 50 s (a slow gateway): with 120 s to spend, the third attempt is the last.
        let server = Throttling(timer: timer, status: 503, retryAfter: "1", answerSeconds: 50)
        await #expect(throws: APIError.self) { try await client(server, maximumWait: 120).listSources() }
        #expect(server.counter.count.withLock { $0 } == 3)
    }
}

final class RequestCounter: Sendable {
    let count = Mutex(0)
}

/// A clock that moves only when waited on or told to: retries spend minutes of it in no time.
final class VirtualTimer: RetryTimer {
    let clock = Mutex(0.0)
    let waits = Mutex<[Double]>([])

    func now() -> Double { clock.withLock { $0 } }

    func sleep(seconds: Double) async throws {
        waits.withLock { $0.append(seconds) }
        advance(seconds)
    }

    func advance(_ seconds: Double) { clock.withLock { $0 += seconds } }
}
