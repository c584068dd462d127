import Fluent
import NIOConcurrencyHelpers
import SafeguardCore
import SQLKit
import Vapor

/// The board's choice of plan tasks, as the standing office reads its plan: a section or group of
/// part II ("II.2", "II.2.a") or the tasks one agency chairs (đơn vị chủ trì). Resolved to the
/// current plan's task codes, which the board's queries take as `AssignmentBoard.TaskSelection`.
struct PlanTaskFilter {
    let db: any Database

    /// What the board's filter offers: the sections and groups, and the agencies that chair a task
    /// (city bodies; a commune chairs only its own work, which the unit filter covers).
    struct Options: Sendable {
        var planKey: String
        var sections: [(code: String, title: String)]
        var leads: [(code: String, name: String)]
    }

    /// The current plan's key and version in one query (nil before a plan is imported).
    private func current() async throws -> (key: String, version: UUID)? {
        struct Row: Decodable { var key: String; var id: UUID }
        return try await (db as! any SQLDatabase).raw("""
            SELECT p.key, v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id ORDER BY p.year DESC, p.key, v.version DESC LIMIT 1
            """).first(decoding: Row.self).map { ($0.key, $0.id) }
    }

    /// Options per plan version: they change only when a plan is imported, which makes a new version.
    private static let cache = NIOLockedValueBox<[UUID: Options]>([:])

    func options() async throws -> Options? {
        guard let (key, version) = try await current() else { return nil }
        if let cached = Self.cache.withLockedValue({ $0[version] }) { return cached }
        let sections = try await PlanSectionRecord.query(on: db).filter(\.$version.$id == version).sort(\.$ordinal).all()
        struct Lead: Decodable { var code: String; var name: String }
        let localities: [OrgUnitKind] = [.ward, .commune, .specialZone]
        let leads = try await (db as! any SQLDatabase).raw("""
            SELECT DISTINCT u.code, u.name FROM plan_task_agencies a
            JOIN plan_tasks t ON t.id = a.task_id JOIN org_units u ON u.id = a.unit_id
            WHERE t.version_id = \(bind: version) AND a.part = 'lead' AND u.kind NOT IN (\(binds: localities.map(\.rawValue)))
            ORDER BY u.code
            """).all(decoding: Lead.self)
        let options = Options(planKey: key, sections: sections.filter { $0.code.hasPrefix("II.") }.map { ($0.code, $0.title) },
                              leads: leads.map { ($0.code, $0.name) })
        Self.cache.withLockedValue { $0[version] = options }
        return options
    }

    /// The tasks of `section` (a section or group code) chaired by `lead` (a unit code), either or
    /// both; nil when neither is given (every assignment, plan or not).
    func selection(section: String?, lead: String?) async throws -> AssignmentBoard.TaskSelection? {
        guard section != nil || lead != nil, let (key, version) = try await current() else { return nil }
        var query = PlanTask.query(on: db).filter(\.$version.$id == version)
        if let section {
            query = query.group(.or) { $0.filter(\.$sectionCode == section).filter(\.$groupCode == section) }
        }
        if let lead {
            query = query.join(PlanTaskAgency.self, on: \PlanTaskAgency.$task.$id == \PlanTask.$id)
                .join(OrgUnit.self, on: \PlanTaskAgency.$unit.$id == \OrgUnit.$id)
                .filter(PlanTaskAgency.self, \.$part == .lead).filter(OrgUnit.self, \.$code == lead)
        }
        return .init(planKey: key, codes: Array(Set(try await query.all().map(\.code))).sorted())
    }
}
