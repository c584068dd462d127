import Foundation
import Testing
@testable import SafeguardCore

/// The statutory clocks of people under management (domain.md §5), each with its source, counted
/// on Việt Nam's calendar, including Tết and the switch to Law 120/2025/QH15 on 1/7/2026.
@Suite struct StatutoryLimitTests {
    func d(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    /// Midday in Việt Nam (UTC+7) on a day, or a given hour.
    func at(_ text: String, hour: Int = 12) -> Date {
        Date(timeIntervalSince1970: Double(d(text).dayNumber * 86_400 + (hour - 7) * 3600))
    }
    /// Tết Bính Ngọ as the shipped calendar has it (16–20/02/2026), with 30/4 and 1/5.
    var calendar: HolidayCalendar {
        HolidayCalendar(holidays: Set(["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-30", "2026-05-01"].map(d)),
                        workingWeekendDays: [d("2025-04-26")])
    }
    let limits = StatutoryLimits.standard

    @Test func theResidenceCheckTakesThreeWorkingDaysAcrossTet() throws {
        let rule = try #require(limits.limit(.residenceCheck, on: d("2026-02-13")))
        #expect(rule.span == .workingDays(3) && rule.source.contains("10/2024/TT-BCA") && !rule.needsVerification)
        // The notice arrives on Friday 13/02/2026: the weekend, Tết (16–20/02) and the next weekend do not count.
        #expect(rule.deadline(after: at("2026-02-13"), calendar: calendar).day == d("2026-02-25"))
        // An ordinary week: Monday's notice ends on Thursday; the day of the notice is not counted.
        #expect(rule.deadline(after: at("2026-03-09"), calendar: calendar).day == d("2026-03-12"))
        // Around 30/4 and 1/5 (Thursday, Friday): Wednesday 29/04 → Monday, Tuesday, Wednesday of the next week.
        #expect(rule.deadline(after: at("2026-04-29"), calendar: calendar).day == d("2026-05-06"))
        // A make-up Saturday is a working day.
        #expect(rule.deadline(after: at("2025-04-24"), calendar: calendar).day == d("2025-04-28"))
        // A notice received late in the evening, Việt Nam time, counts from that day, not from UTC's.
        #expect(rule.deadline(after: at("2026-03-09", hour: 23), calendar: calendar).day == d("2026-03-12"))
    }

    @Test func theManagementPeriodIsAYearUnderEitherLaw() throws {
        let old = try #require(limits.limit(.managementEnd, on: d("2026-06-30")))
        let new = try #require(limits.limit(.managementEnd, on: d("2026-07-01")))
        #expect(old.source.contains("73/2021/QH14") && new.source.contains("120/2025/QH15"))
        #expect(old.needsVerification && new.needsVerification)
        #expect(old.deadline(after: at("2026-03-31"), calendar: calendar).day == d("2027-03-31"))
        // 29 February: a year later is 28 February.
        #expect(old.deadline(after: at("2024-02-29"), calendar: calendar).day == d("2025-02-28"))
        #expect(new.deadline(after: at("2026-07-01"), calendar: calendar).day == d("2027-07-01"))
    }

    @Test func theMoveRulesStartOnTheFirstOfJuly2026() throws {
        // Under Law 73/2021 no 24-hour rule: no clock runs for a move on 30/06/2026.
        #expect(limits.limit(.moveNotice, on: d("2026-06-30")) == nil)
        #expect(limits.limit(.presentAtNewPlace, on: d("2026-06-30")) == nil)
        for clock in [ManagementClock.moveNotice, .presentAtNewPlace] {
            let rule = try #require(limits.limit(clock, on: d("2026-07-01")))
            #expect(rule.span == .hours(24) && rule.source.contains("120/2025/QH15"))
        }
        // 24 hours to the minute: reported at 21:00 on Friday 04/12/2026, due 21:00 on Saturday (hours do not skip days off).
        let rule = try #require(limits.limit(.moveNotice, on: d("2026-12-04")))
        let deadline = rule.deadline(after: at("2026-12-04", hour: 21), calendar: calendar)
        #expect(deadline.day == d("2026-12-05") && deadline.moment == at("2026-12-05", hour: 21))
        #expect(deadline.status(doneAt: at("2026-12-05", hour: 20), now: at("2026-12-06")) == .completedOnTime)
        #expect(deadline.status(doneAt: at("2026-12-05", hour: 22), now: at("2026-12-06")) == .completedLate)
        #expect(deadline.status(doneAt: nil, now: at("2026-12-05", hour: 20)) == .inProgress)
        #expect(deadline.status(doneAt: nil, now: at("2026-12-05", hour: 22)) == .overdue)
    }

    @Test func aDayLimitIsJudgedByVietnamsDate() {
        let deadline = StatutoryDeadline(day: d("2026-03-12"), moment: nil)
        #expect(deadline.status(doneAt: at("2026-03-12", hour: 23), now: at("2026-03-13")) == .completedOnTime)
        #expect(deadline.status(doneAt: nil, now: at("2026-03-12", hour: 23)) == .inProgress)
        #expect(deadline.status(doneAt: nil, now: at("2026-03-13", hour: 1)) == .overdue)
    }

    @Test func rulesOfOneClockMayNotOverlap() {
        #expect(limits.overlaps.isEmpty)
        let twice = StatutoryLimits(limits.limits + [StatutoryLimit(.moveNotice, .hours(48), from: d("2026-12-01"), source: "x")])
        #expect(twice.overlaps.count == 1 && twice.overlaps[0].0.clock == .moveNotice)
        #expect(ManagementClock.allCases.allSatisfy { clock in limits.limits.contains { $0.clock == clock } })
    }
}
