import Fluent
import SafeguardCore
import Vapor

/// The daily reminder run: for every unfinished assignment due within `days` (or late), the
/// reminder of its kind, once; and for every unit's unsent periodic report of the last closed
/// period, the same two reminders against the form's deadline; and for every unit that has not sent its
/// movement self-assessment for the year, the same against its deadline (20/11 or 30/11). Each day is claimed in `reminder_runs`, so with several instances
/// exactly one runs it (a claim left unfinished for `staleAfter` is taken over); the unique key on
/// (assignment, kind) keeps even overlapping runs from sending a reminder twice.
struct ReminderService {
    let db: any Database
    let days: Int
    /// The statutory limits and calendar for people's clocks; without them, people get no reminders.
    var people: (limits: StatutoryLimits, calendar: HolidayCalendar)? = nil

    /// Runs today's reminders unless another run has claimed the day; returns whether this one ran.
    func runIfDue(clock: WallClock, staleAfter: TimeInterval = 3600) async throws -> Bool {
        let today = clock.today
        let claim = ReminderRun()
        claim.day = today.description
        return try await db.runClaimed(claim, sameKey: ReminderRun.query(on: db).filter(\.$day == today.description), staleAfter: staleAfter, clock: clock) { claim in
            claim.created = try await run(today: today)
        }
    }

    /// Creates the reminders due on `today`; returns how many were new.
    func run(today: CalendarDate) async throws -> Int {
        try await runTasks(today: today) + runReports(today: today) + runAssessments(today: today) + runPeople(today: today)
    }

    /// People's statutory clocks (`PersonObligations`), once per person, deadline and kind, to the
    /// managing unit; the notice names the record's code and the clock, never the person.
    func runPeople(today: CalendarDate) async throws -> Int {
        guard let people else { return 0 }
        var created = 0
        for person in try await ManagedPerson.query(on: db).filter(\.$closedOn == nil).filter(\.$anonymisedOn == nil).with(\.$unit).all() {
            let events = try await PersonEventRow.query(on: db).filter(\.$person.$id == person.requireID()).all()
            for clock in person.obligations(events: events, limits: people.limits, calendar: people.calendar, now: today.startInVietnam)
            where clock.doneAt == nil {
                guard let reminder = Reminder.due(deadline: clock.deadline.day, completedOn: nil, today: today, days: days) else { continue }
                let kind = Notification.person(reminder)
                let told = try await Notification.query(on: db).filter(\.$formCode == Notification.personForm).filter(\.$period == person.code)
                    .filter(\.$kind == kind).filter(\.$dueOn == clock.deadline.day.description).filter(\.$title == Notification.title(clock.clock, code: person.code))
                    .first()
                guard told == nil else { continue }
                try await Notification.about(person: person.code, clock: clock.clock, unit: person.unit, due: clock.deadline.day, kind: kind).create(on: db)
                created += 1
            }
        }
        return created
    }

    func runTasks(today: CalendarDate) async throws -> Int {
        let horizon = today.adding(days: days).description
        let open = try await Assignment.query(on: db).filter(\.$completedOn == nil).filter(\.$dueOn <= horizon).all()
        var created = 0
        for assignment in open {
            guard let deadline = CalendarDate(iso: assignment.dueOn),
                  let kind = Reminder.due(deadline: deadline, completedOn: nil, today: today, days: days) else { continue }
            let id = try assignment.requireID()
            if try await Notification.query(on: db).filter(\.$assignment.$id == id).filter(\.$kind == kind.rawValue).first() != nil { continue }
            do {
                try await Notification.about(assignment, kind: kind.rawValue).create(on: db)
                created += 1
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue  // an overlapping run stored it a moment ago
            }
        }
        return created
    }

    /// Report reminders, once per unit, form, period and kind: the last closed period's report not
    /// sent yet, by a unit that existed through the period.
    func runReports(today: CalendarDate) async throws -> Int {
        var created = 0
        for form in try await ReportFormCatalog(db: db).current() {
            guard let period = form.periodType.closed(by: today, since: today.year - 1).last,
                  let reminder = Reminder.due(deadline: form.deadline(for: period), completedOn: nil, today: today, days: days) else { continue }
            let kind = Notification.report(reminder)
            let sent = Set(try await ReportSubmission.query(on: db).filter(\.$formCode == form.code).filter(\.$period == period.description)
                .filter(\.$state ~~ [.submitted, .approved]).all().map(\.unitCode))
            let told = Set(try await Notification.query(on: db).filter(\.$formCode == form.code).filter(\.$period == period.description)
                .filter(\.$kind == kind).all().map(\.unitCode))
            for unit in try await OrgUnit.query(on: db).filter(\.$kind ~~ form.unitKinds).all() where !sent.contains(unit.code) && !told.contains(unit.code) {
                let life = unit.lifetime
                guard life.isExpected(for: period) else { continue }
                do {
                    try await Notification.about(report: form, period: period, unit: unit, kind: kind).create(on: db)
                    created += 1
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    continue  // an overlapping run stored it a moment ago
                }
            }
        }
        return created
    }

    /// Self-assessment reminders, once per unit, year and kind: units evaluated in the movement that
    /// existed on their deadline and have not submitted this year's assessment.
    func runAssessments(today: CalendarDate) async throws -> Int {
        let year = today.year
        let sent = Set(try await AssessmentRecord.query(on: db).filter(\.$year == year).filter(\.$state ~~ [.submitted, .reviewed, .approved])
            .field(\.$id).field(\.$unitCode).all().map(\.unitCode))
        var created = 0
        for subject in CriteriaSet.Subject.allCases {
            let deadline = Assessment.deadline(for: subject, year: year)
            guard let reminder = Reminder.due(deadline: deadline, completedOn: nil, today: today, days: days) else { continue }
            let kind = Notification.assessment(reminder)
            let told = Set(try await Notification.query(on: db).filter(\.$formCode == Notification.assessmentForm).filter(\.$period == String(year))
                .filter(\.$kind == kind).field(\.$id).field(\.$unitCode).all().map(\.unitCode))
            let kinds = OrgUnitKind.allCases.filter { CriteriaSet.Subject.of($0) == subject }
            for unit in try await OrgUnit.query(on: db).filter(\.$kind ~~ kinds).all()
            where !sent.contains(unit.code) && !told.contains(unit.code) && unit.lifetime.isExpected(through: deadline) {
                do {
                    try await Notification.about(assessmentOf: unit.code, path: unit.path, province: unit.provinceCode, subject: subject, year: year, kind: kind)
                        .create(on: db)
                    created += 1
                } catch let error as any DatabaseError where error.isConstraintFailure {
                    continue  // an overlapping run stored it a moment ago
                }
            }
        }
        return created
    }
}
