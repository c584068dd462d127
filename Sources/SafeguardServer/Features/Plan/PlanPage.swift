import SafeguardCore
import Vapor

/// The plan page: heading, targets with thresholds, section II tasks with who leads and who
/// coordinates, section III duties; optionally only the tasks the user's unit takes part in.
struct PlanPage: Encodable {
    struct Header: Encodable {
        var key: String
        var number: String
        var date: String
        var issuer: String
        var title: String
        var signer: String
        var version: Int
        var versions: [Int]
        var isLatest: Bool
    }

    struct TargetRow: Encodable {
        var code: String
        var text: String
        var metric: String
        var requirement: String
    }

    struct TaskRow: Encodable {
        var code: String
        var text: String
        var agenciesText: String
        var lead: String
        /// Nil when no unit coordinates, so the page leaves the row out.
        var coordinating: String?
        var myPart: String?
        var footnotes: [String]
        var items: [TaskRow]
    }

    struct SectionRow: Encodable {
        var code: String
        var title: String
        var tasks: [TaskRow]
        var groups: [SectionRow]
    }

    struct DutyRow: Encodable {
        var code: String
        var text: String
    }

    var page: PageContext
    var plan: Header
    var purposes: [DutyRow]
    var targets: [TargetRow]
    var sections: [SectionRow]
    var duties: [DutyRow]
    /// all | lead | coordinating
    var filter: String
    var canFilter: Bool
    /// The standing office may give each task to its units.
    var canAssign: Bool
    var shownTasks: Int
    var totalTasks: Int

    init(_ request: Request, content c: PlanContent, filter: String) {
        let unitCode = request.auth.get(User.self)?.unit?.code
        let part: PlanTaskAgency.Part? = filter == "lead" ? .lead : filter == "coordinating" ? .coordinating : nil
        let keep: (PlanContent.Task) -> Bool = { task in
            guard filter != "all", let unitCode else { return true }
            return task.involves(unitCode, as: part)
        }
        func row(_ task: PlanContent.Task) -> TaskRow {
            var mine: String?
            if let unitCode {
                if task.involves(unitCode, as: .lead) { mine = request.t("plan_my_part_lead") }
                else if task.involves(unitCode, as: .coordinating) { mine = request.t("plan_my_part_coordinating") }
            }
            let items = c.tasks.filter { $0.parentCode == task.code }
            return TaskRow(
                code: task.code, text: task.text, agenciesText: task.agenciesText,
                lead: AgencySummary.describe(task.lead, request),
                coordinating: task.coordinating.isEmpty ? nil : AgencySummary.describe(task.coordinating, request),
                myPart: mine, footnotes: task.footnotes,
                items: items.filter(keep).map(row))
        }
        func tasks(section: String, group: String?) -> [TaskRow] {
            c.tasks.filter { $0.sectionCode == section && $0.groupCode == group && $0.parentCode == nil }
                .filter { task in keep(task) || c.tasks.contains { child in child.parentCode == task.code && keep(child) } }
                .map(row)
        }
        let topLevel = c.sections.filter { $0.parentCode == nil }
        self.page = PageContext(request, title: c.version.title)
        self.plan = Header(
            key: c.plan.key, number: c.version.number,
            date: CalendarDate(iso: c.version.issuedOn).map { Formatting.date($0, request.language) } ?? c.version.issuedOn,
            issuer: c.version.issuer, title: c.version.title,
            signer: [c.version.signerCapacity, c.version.signerPosition, c.version.signerName].compactMap { $0 }.joined(separator: " — "),
            version: c.version.version, versions: c.versions, isLatest: c.version.version == c.versions.first)
        self.purposes = c.purposes.map { DutyRow(code: $0.code, text: $0.text) }
        self.targets = c.targets.map { target in
            TargetRow(code: target.id, text: target.text, metric: request.t(target.metric.localizationKey),
                      requirement: Formatting.requirement(of: target, request))
        }
        self.sections = topLevel.map { section in
            SectionRow(
                code: section.code, title: section.title, tasks: tasks(section: section.code, group: nil),
                groups: c.sections.filter { $0.parentCode == section.code }.map { group in
                    SectionRow(code: group.code, title: group.title, tasks: tasks(section: section.code, group: group.code), groups: [])
                })
        }
        self.duties = c.duties.map { DutyRow(code: $0.code, text: $0.text) }
        self.filter = filter
        self.canFilter = unitCode != nil
        self.canAssign = (try? request.authorize(.assignPlanTasks)) != nil
        self.totalTasks = c.tasks.count
        self.shownTasks = c.tasks.filter(keep).count
    }
}

/// Short descriptions of who is responsible: names for a few bodies, counts by kind for many.
enum AgencySummary {
    static let maximumNamed = 6

    static func describe(_ agencies: [PlanContent.Agency], _ request: Request) -> String {
        if agencies.count <= maximumNamed { return agencies.map(\.name).joined(separator: ", ") }
        let departments = agencies.filter { $0.kind == .department }
        let localities = agencies.filter { $0.kind.isLocality }
        let rest = agencies.filter { $0.kind != .department && !$0.kind.isLocality }
        var parts: [String] = []
        if departments.count > maximumNamed { parts.append("\(departments.count) \(request.t("summary_departments"))") }
        else { parts += departments.map(\.name) }
        if !localities.isEmpty { parts.append("\(localities.count) \(request.t("summary_localities"))") }
        parts += rest.map(\.name)
        return parts.joined(separator: ", ")
    }
}

