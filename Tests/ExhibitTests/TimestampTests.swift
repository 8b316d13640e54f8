import Testing
@testable import Exhibit

@Suite struct TimestampTests {
    @Test func formatsTheEpochInEveryForm() {
        let epoch = Timestamp(millisecondsSince1970: 0)
        #expect(epoch.iso8601 == "1970-01-01T00:00:00Z")
        #expect(epoch.rfc822 == "Thu, 01 Jan 1970 00:00:00 +0000")
        #expect(TestSupport.english.date(epoch) == "1 January 1970")
    }

    @Test func formatsALeapDayAndRoundTripsCivilDays() {
        let leap = Timestamp(secondsSince1970: Timestamp.days(year: 2024, month: 2, day: 29) * 86_400 + 3_723)
        #expect(leap.iso8601 == "2024-02-29T01:02:03Z")
        #expect(leap.rfc822 == "Thu, 29 Feb 2024 01:02:03 +0000")
    }

    @Test func formatsMomentsBeforeTheEpoch() {
        let before = Timestamp(millisecondsSince1970: -1)
        #expect(before.iso8601 == "1969-12-31T23:59:59Z")
        #expect(before.rfc822.hasPrefix("Wed, 31 Dec 1969"))
    }
}
