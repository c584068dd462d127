import Foundation
import Testing
@testable import SafeguardCore

@Suite struct CalendarTests {
    func d(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    @Test func dayNumbersRoundTripAndKnowWeekdays() {
        #expect(d("1970-01-01").dayNumber == 0)
        #expect(d("2026-11-29").weekday == 7)  // a Sunday
        #expect(d("2026-02-05").weekday == 4)  // a Thursday
        #expect(d("2000-03-01").dayNumber - d("2000-02-28").dayNumber == 2)
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(dayNumber: n).dayNumber == n)
        }
    }

    @Test func monthArithmeticEndsOnTheLastDayWhenNoSameDateExists() {
        #expect(d("2026-01-31").adding(months: 1) == d("2026-02-28"))
        #expect(d("2024-01-31").adding(months: 1) == d("2024-02-29"))
        #expect(d("2026-03-31").adding(months: 1) == d("2026-04-30"))
        #expect(d("2026-12-15").adding(months: 1) == d("2027-01-15"))
        #expect(d("2026-01-15").adding(months: -1) == d("2025-12-15"))
        #expect(d("2026-02-05").adding(days: 20) == d("2026-02-25"))
    }

    @Test func instantsAreReadInVietnamTime() {
        // 2026-03-14 17:30 UTC is 00:30 on the 15th in Hà Nội: the next statistical month.
        let instant = Date(timeIntervalSince1970: d("2026-03-14").dayNumber * 86_400 + 17 * 3600 + 1800 |> Double.init)
        #expect(CalendarDate(instant) == d("2026-03-15"))
        #expect(ReportingPeriod.month(containing: CalendarDate(instant)).description == "2026-M04")
    }

    @Test func statisticalWindowsFollowThe15thTo14thRule() {
        #expect(ReportingPeriod("2026-M05")!.start == d("2026-04-15"))
        #expect(ReportingPeriod("2026-M05")!.end == d("2026-05-14"))
        #expect(ReportingPeriod("2026-M01")!.start == d("2025-12-15"))
        #expect(ReportingPeriod("2026-Q1")!.start == d("2025-12-15"))
        #expect(ReportingPeriod("2026-Q1")!.end == d("2026-03-14"))
        #expect(ReportingPeriod("2026-Q3")!.start == d("2026-06-15"))
        #expect(ReportingPeriod("2026-H1")!.end == d("2026-06-14"))
        #expect(ReportingPeriod("2026-9M")!.end == d("2026-09-14"))
        #expect(ReportingPeriod("2026")!.start == d("2025-12-15"))
        #expect(ReportingPeriod("2026")!.end == d("2026-12-14"))
        #expect(ReportingPeriod.month(containing: d("2026-12-15")).description == "2027-M01")
        #expect(ReportingPeriod.month(containing: d("2026-05-14")).description == "2026-M05")
        #expect(ReportingPeriod("2026-Q2")!.sameWindow().description == "2025-Q2")
        #expect(ReportingPeriod("2026")!.months.count == 12)
    }

    @Test(arguments: ["2026-M13", "2026-M3", "2026-Q5", "2026-H3", "26", "2026-X1", "abcd", "2026-M00", ""])
    func malformedPeriodsAreRejected(_ text: String) {
        #expect(ReportingPeriod(text) == nil)
    }

    @Test func periodsRoundTripThroughText() {
        for text in ["2026-M03", "2026-Q1", "2026-H1", "2026-H2", "2026-9M", "2026"] {
            #expect(ReportingPeriod(text)?.description == text)
        }
    }

    @Test func statisticalMonthCodes() {
        let m = StatisticalMonth(containing: d("2026-03-20"))
        #expect(m.code == 202604)
        #expect(StatisticalMonth(code: 202613) == nil)
        #expect(StatisticalMonth(year: 2026, month: 12).advanced(by: 1) == StatisticalMonth(year: 2027, month: 1))
        #expect(StatisticalMonth(year: 2025, month: 11).distance(to: StatisticalMonth(year: 2026, month: 2)) == 3)
    }
}

infix operator |>: AdditionPrecedence
func |> <A, B>(a: A, f: (A) -> B) -> B { f(a) }
