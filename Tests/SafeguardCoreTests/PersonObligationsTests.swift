import Foundation
import Testing
@testable import SafeguardCore

/// The clocks a person's events start (`PersonObligations`) and the registers' figures
/// (`PeopleFigures`), on Việt Nam's calendar and across the 1/7/2026 switch of law.
@Suite struct PersonObligationsTests {
    func d(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }
    /// An instant in Việt Nam (UTC+7).
    func at(_ text: String, hour: Int = 12, minute: Int = 0) -> Date {
        Date(timeIntervalSince1970: Double(d(text).dayNumber * 86_400 + (hour - 7) * 3600 + minute * 60))
    }
    var calendar: HolidayCalendar {
        HolidayCalendar(holidays: Set(["2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"].map(d)))
    }
    func clocks(_ events: [PersonEvent], now: Date) -> [PersonObligation] { clocks(.releasedFromPrison, events, now: now) }
    func clocks(_ kind: ManagedPersonKind, started: String = "2026-01-05", endsOn: String? = nil, endSource: String? = nil,
                _ events: [PersonEvent], now: Date) -> [PersonObligation] {
        PersonObligations.of(kind: kind, startedOn: d(started), endsOn: endsOn.map(d), endSource: endSource, events: events,
                             limits: .standard, calendar: calendar, now: now)
    }

    @Test func thePrisonsNoticeStartsTheResidenceCheckAcrossTet() throws {
        let notice = PersonEvent(.noticeReceived, at: at("2026-02-13"))
        let all = clocks([notice], now: at("2026-02-25", hour: 23))
        let pending = try #require(all.first)
        #expect(pending.clock == .residenceCheck && pending.deadline.day == d("2026-02-25") && pending.status == .inProgress)
        #expect(pending.source.contains("10/2024/TT-BCA"))
        #expect(clocks([notice], now: at("2026-02-26", hour: 8)).first?.status == .overdue)
        // An intake meeting meets it as well as a residence check; one before the notice does not.
        #expect(clocks([notice, PersonEvent(.intake, at: at("2026-02-24"))], now: at("2026-03-02")).first?.status == .completedOnTime)
        #expect(clocks([notice, PersonEvent(.residenceChecked, at: at("2026-02-26"))], now: at("2026-03-02")).first?.status == .completedLate)
        #expect(clocks([PersonEvent(.contact, at: at("2026-02-10")), notice, PersonEvent(.residenceChecked, at: at("2026-02-12"))],
                       now: at("2026-03-02")).first?.status == .overdue)
    }

    @Test func aMoveStartsTwoDayLongClocksOnlyUnderTheNewLaw() throws {
        // Reported on 30/6/2026: Law 73/2021 sets no such limits, so no clock runs.
        #expect(clocks(.drugUser, [PersonEvent(.moveReported, at: at("2026-06-30", hour: 10))], now: at("2026-07-05")).isEmpty)
        // Reported at 10:00 on 1/7/2026: the notice is judged to the second by when the move was recorded.
        let onTime = clocks(.drugUser, [PersonEvent(.moveReported, at: at("2026-07-01", hour: 10), recordedAt: at("2026-07-02", hour: 9, minute: 59))],
                            now: at("2026-07-02", hour: 9, minute: 59))
        let notice = try #require(onTime.first { $0.clock == .moveNotice })
        #expect(notice.status == .completedOnTime && notice.source.contains("120/2025/QH15"))
        #expect(notice.deadline.moment == at("2026-07-02", hour: 10))
        let present = try #require(onTime.first { $0.clock == .presentAtNewPlace })
        #expect(present.status == .inProgress)
        let late = clocks(.drugUser, [PersonEvent(.moveReported, at: at("2026-07-01", hour: 10), recordedAt: at("2026-07-02", hour: 10, minute: 1)),
                                      PersonEvent(.presented, at: at("2026-07-02", hour: 10, minute: 30))], now: at("2026-07-03"))
        #expect(late.first { $0.clock == .moveNotice }?.status == .completedLate)
        #expect(late.first { $0.clock == .presentAtNewPlace }?.status == .completedLate)
        // The move rules are the drug law's: a person released from prison who moves starts neither clock.
        #expect(clocks([PersonEvent(.moveReported, at: at("2026-07-01", hour: 10))], now: at("2026-07-05")).isEmpty)
        let missing = clocks(.drugUser, [PersonEvent(.moveReported, at: at("2026-07-01", hour: 10))], now: at("2026-07-02", hour: 10, minute: 0))
        #expect(missing.first { $0.clock == .presentAtNewPlace }?.status == .inProgress)
        #expect(clocks(.drugUser, [PersonEvent(.moveReported, at: at("2026-07-01", hour: 10))], now: at("2026-07-02", hour: 10, minute: 1))
            .first { $0.clock == .presentAtNewPlace }?.status == .overdue)
    }

    @Test func theEndOfManagementIsDueOnItsDayAndCarriesTheLawItCameFrom() throws {
        let person = try ManagedPersonDraft(kind: "drug-user", fullName: "A", birthDate: "01/01/1990", idNumber: "001090000001", address: "x",
                                            unit: "11311", basisNumber: "1/QĐ", basisDate: "30/03/2026", basisIssuer: "UBND", startedOn: "31/03/2026")
            .validate(today: d("2026-12-01")).get()
        let running = clocks(.drugUser, started: "2026-03-31", endsOn: person.endsOn?.description, endSource: person.endSource, [], now: at("2027-03-31"))
        let open = try #require(running.first)
        #expect(open.clock == .managementEnd && open.deadline.day == d("2027-03-31") && open.status == .inProgress)
        #expect(open.source.contains("73/2021/QH14") && open.needsVerification)
        #expect(clocks(.drugUser, started: "2026-03-31", endsOn: "2027-03-31", [], now: at("2027-04-01")).first?.status == .overdue)
        let closed = clocks(.drugUser, started: "2026-03-31", endsOn: "2027-03-31", [PersonEvent(.managementEnded, at: at("2027-03-31"))], now: at("2027-05-01"))
        #expect(closed.first?.status == .completedOnTime)
        // An end the decision gives has no statutory source and nothing to verify.
        #expect(closed.first?.source == "" && closed.first?.needsVerification == false)
        // A released prisoner's register has no end clock unless a date is given.
        #expect(clocks([], now: at("2027-01-01")).isEmpty)
    }

    @Test func figuresCountTheManagedAndAFullYearCohortForReoffending() {
        let asOf = d("2026-12-31")
        let people = [
            // Released in 2025 (the cohort 1/1/2025–31/12/2025): one re-offends within the year, one after it, one never.
            PersonFacts(commune: "A", kind: .releasedFromPrison, startedOn: d("2025-03-01"), closedOn: nil,
                        events: [PersonEvent(.reoffending, at: at("2026-02-28")), PersonEvent(.support, at: at("2025-04-01"), support: .loan)]),
            PersonFacts(commune: "A", kind: .releasedFromPrison, startedOn: d("2025-03-01"), closedOn: nil, events: [PersonEvent(.reoffending, at: at("2026-03-02"))]),
            PersonFacts(commune: "B", kind: .releasedFromPrison, startedOn: d("2025-01-01"), closedOn: d("2026-06-01"), events: []),
            // Released in 2026: still inside its year, outside the cohort.
            PersonFacts(commune: "B", kind: .releasedFromPrison, startedOn: d("2026-02-01"), closedOn: nil, events: [PersonEvent(.reoffending, at: at("2026-05-01"))]),
            PersonFacts(commune: "B", kind: .drugUser, startedOn: d("2026-01-10"), closedOn: nil, events: [PersonEvent(.support, at: at("2027-01-05"))], overdueClocks: 2),
            // Released 31/12/2024: the day before the cohort.
            PersonFacts(commune: "A", kind: .releasedFromPrison, startedOn: d("2024-12-31"), closedOn: d("2025-12-01"), events: []),
        ]
        let figures = PeopleFigures(people, asOf: asOf)
        #expect(figures.releaseCohort == d("2025-01-01")...d("2025-12-31"))
        #expect(figures.reoffending == Proportion(1, of: 3))
        #expect(figures.managed == ["A": [.releasedFromPrison: 2], "B": [.releasedFromPrison: 1, .drugUser: 1]])
        #expect(figures.totalManaged == 4 && figures.managed(.releasedFromPrison) == 3)
        // Support after the day does not count.
        #expect(figures.supported == Proportion(1, of: 4))
        #expect(figures.overdueClocks == 2)
        // On 1/6/2026 the person closed that day is no longer managed.
        #expect(PeopleFigures(people, asOf: d("2026-06-01")).managed["B"]?[.releasedFromPrison] == 1)
    }

    @Test func aProportionHasAWilsonInterval() throws {
        #expect(Proportion(0, of: 0).value == nil && Proportion(0, of: 0).interval == nil)
        let none = try #require(Proportion(0, of: 10).interval)
        #expect(none.lowerBound == 0 && abs(none.upperBound - 0.2775) < 0.0001)
        let half = try #require(Proportion(5, of: 10).interval)
        #expect(abs(half.lowerBound - 0.2366) < 0.0001 && abs(half.upperBound - 0.7634) < 0.0001)
    }
}
