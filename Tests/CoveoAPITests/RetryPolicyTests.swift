import Testing

@testable import CoveoAPI

@Suite struct RetryPolicyTests {
    @Test func retryAfterInSecondsOrAsAnHTTPDate() throws {
        let policy = RetryPolicy(maximumWait: 120, baseDelay: 0.2, maximumDelay: 20)
        let now = try #require(RetryPolicy.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        #expect(policy.delay(attempt: 0, retryAfter: "3", now: now) == 3)
        #expect(policy.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 08:49:47 GMT", now: now) == 10)
        #expect(policy.delay(attempt: 0, retryAfter: "Sunday, 06-Nov-94 08:49:42 GMT", now: now) == 5)
        #expect(policy.delay(attempt: 0, retryAfter: "Sun Nov  6 08:49:39 1994", now: now) == 2)
        #expect(
            policy.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 08:49:30 GMT", now: now) == 0,
            "a date past is no wait")
        #expect(policy.delay(attempt: 0, retryAfter: "Sun, 06 Nov 1994 10:49:37 GMT", now: now) == 60, "capped")
        let jitter = policy.delay(attempt: 0, retryAfter: "soon", now: now)
        #expect(jitter >= 0 && jitter <= 0.2, "an unreadable Retry-After falls back to backoff")
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
}
