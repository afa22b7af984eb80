import CoveoAPI
import Testing

@Suite struct WallClockTests {
    @Test func aClockStartedAtAnInstantReadsThatDayAndMovesOn() {
        let start: Int64 = 1_768_478_400_000  // 2026-01-15T12:00:00Z
        let clock = WallClock.starting(at: start)
        let first = clock.now()
        let second = clock.now()
        #expect(first >= start && first < start + 60_000)
        #expect(second >= first, "it never goes back")
        #expect(EpochMilliseconds.iso8601(first).hasPrefix("2026-01-15T12:0"))
    }

    @Test func aManualClockMovesOnlyWhenTold() {
        let manual = ManualClock(at: 1000)
        let clock = manual.wallClock
        #expect(clock.now() == 1000)
        #expect(clock.now() == 1000)
        manual.advance(byMilliseconds: 250)
        #expect(clock.now() == 1250)
    }
}
