import Testing

@testable import Interpreter

/// What `push --wait` keeps of the ids it sent: a filter of fixed size that never forgets one and rarely
/// claims one it did not send.
@Suite struct ItemFingerprintsTests {
    @Test func everySentIdIsKnownAndFewOthersPass() {
        var sent = ItemFingerprints()
        for number in 0..<200_000 { sent.insert("https://example.com/item/\(number)") }
        #expect(sent.count == 200_000)
        #expect((0..<200_000).allSatisfy { sent.contains("https://example.com/item/\($0)") })
        let strangers = (0..<100_000).filter { sent.contains("https://example.com/other/\($0)") }.count
        #expect(strangers < 10, "\(strangers) of 100,000 ids never sent passed")
    }
}

/// The byte search that lets the masking console skip output that holds no secret.
@Suite struct RedactionSearchTests {
    @Test func findsANeedleAnywhereAndNothingElse() {
        #expect(Redaction.holds("abc xx12", "xx12"))
        #expect(Redaction.holds("xx12 abc", "xx12"))
        #expect(Redaction.holds("é→xx12", "xx12"))
        #expect(!Redaction.holds("xx1", "xx12"))
        #expect(!Redaction.holds("x x12", "xx12"))
        #expect(!Redaction.holds("", "xx"))
        #expect(!Redaction.holds("abc", ""))
        // The search goes from one candidate first byte to the next: a near miss before a match, a match that is
        // the whole text, one that ends it, and a first byte that only occurs too late to start one.
        #expect(Redaction.holds("xxx12", "xx12"))
        #expect(Redaction.holds("xx1xx12", "xx12"))
        #expect(Redaction.holds("xx12", "xx12"))
        #expect(!Redaction.holds("abcx", "xx"))
        #expect(!Redaction.holds("xx1x", "xx12"))
    }
}
