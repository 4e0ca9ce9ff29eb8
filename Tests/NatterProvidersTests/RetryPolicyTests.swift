import Foundation
import Testing

@testable import NatterProviders

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy.standard

    @Test func backoffGrowsExponentiallyWithinTheJitterBand() {
        // Equal jitter: between half and all of initial * base^(n-1).
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, jitter: 0) == .milliseconds(500))
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, jitter: 1) == .milliseconds(1000))
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, jitter: 1) == .milliseconds(2000))
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, jitter: 0.5) == .milliseconds(3000))
    }

    @Test func backoffIsCappedAtTheMaximum() {
        #expect(policy.delay(beforeRetry: 30, retryAfter: nil, jitter: 1) == .milliseconds(60000))
    }

    @Test func retryAfterReplacesTheBackoff() {
        #expect(policy.delay(beforeRetry: 3, retryAfter: .seconds(7), jitter: 0) == .seconds(7))
    }

    @Test func retryAfterInSecondsMillisecondsAndHTTPDate() {
        #expect(RetryAfter.parse(headers: [("Retry-After", "1")]) == .seconds(1))
        #expect(RetryAfter.parse(headers: [("retry-after", " 2.5 ")]) == .milliseconds(2500))
        #expect(RetryAfter.parse(headers: [("retry-after-ms", "150"), ("Retry-After", "1")]) == .milliseconds(150))
        let now = Date(timeIntervalSince1970: 1_445_412_470)  // Wed, 21 Oct 2015 07:27:50 GMT
        #expect(RetryAfter.parse(headers: [("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")], now: now) == .seconds(10))
        #expect(RetryAfter.parse(headers: [("Retry-After", "Wed, 21 Oct 2015 07:27:00 GMT")], now: now) == .zero)
        #expect(RetryAfter.parse(headers: [("Retry-After", "soon")]) == nil)
        #expect(RetryAfter.parse(headers: []) == nil)
    }
}
