import Fluent
import SafeguardCore
import Vapor

/// Giao thực hiện nhiệm vụ kế hoạch: a plan task becomes one assignment per responsible unit (lead
/// and coordinating) and per occurrence of its schedule in the plan's year, each judged on its own
/// deadline. The unit then names the person answering for its part.
struct PlanAssignments {
    let db: any Database

    enum Failure: Error, Equatable {
        /// The task was given already; giving it again would double every instance.
        case alreadyAssigned(Int)
        /// The schedule has no deadline in the plan's year.
        case noOccurrence
        case noAgency
    }

    /// Stores the instances in one transaction; returns how many.
    @discardableResult
    func assign(_ task: PlanContent.Task, plan: Plan, recurrence: Recurrence, expectedResult: String, requiresEvidence: Bool,
                responsible: String, by actor: String) async throws -> Int {
        let existing = try await Assignment.query(on: db).filter(\.$planKey == plan.key).filter(\.$taskCode == task.code).count()
        guard existing == 0 else { throw Failure.alreadyAssigned(existing) }
        let dues = recurrence.occurrences(in: plan.year)
        guard !dues.isEmpty else { throw Failure.noOccurrence }
        let parts = task.lead.map { ($0, "lead") } + task.coordinating.map { ($0, "coordinating") }
        guard !parts.isEmpty else { throw Failure.noAgency }
        let units = Dictionary(try await OrgUnit.query(on: db).filter(\.$code ~~ parts.map(\.0.code)).all().map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [Assignment] = []
        for (agency, part) in parts {
            guard let unit = units[agency.code] else { continue }
            for due in dues {
                let a = Assignment()
                a.source = .plan
                a.planKey = plan.key
                a.taskCode = task.code
                a.part = part
                a.recurrence = recurrence.code
                a.unitCode = unit.code
                a.unitPath = unit.path
                a.provinceCode = unit.provinceCode
                a.title = "\(task.code). \(task.text)"
                a.responsible = responsible
                a.dueOn = due.description
                a.expectedResult = expectedResult
                a.progress = 0
                a.requiresEvidence = requiresEvidence
                a.createdBy = actor
                rows.append(a)
            }
        }
        try await db.writeTransaction { [rows] db in
            for chunk in stride(from: 0, to: rows.count, by: 500) {
                try await Array(rows[chunk..<min(rows.count, chunk + 500)]).create(on: db)
            }
        }
        return rows.count
    }
}
