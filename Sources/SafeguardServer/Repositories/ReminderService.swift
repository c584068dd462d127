import Fluent
import SafeguardCore
import Vapor

/// The daily reminder run: for every unfinished assignment due within `days` (or late), the
/// reminder of its kind, once. Each day is claimed in `reminder_runs`, so with several instances
/// exactly one runs it (a claim left unfinished for `staleAfter` is taken over); the unique key on
/// (assignment, kind) keeps even overlapping runs from sending a reminder twice.
struct ReminderService {
    let db: any Database
    let days: Int

    /// Runs `today`'s reminders unless another run has claimed the day; returns whether this one ran.
    func runIfDue(today: CalendarDate, staleAfter: TimeInterval = 3600) async throws -> Bool {
        let claim = ReminderRun()
        claim.day = today.description
        return try await db.runClaimed(claim, sameKey: ReminderRun.query(on: db).filter(\.$day == today.description), staleAfter: staleAfter) { claim in
            claim.created = try await run(today: today)
        }
    }

    /// Creates the reminders due on `today`; returns how many were new.
    func run(today: CalendarDate) async throws -> Int {
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
}
