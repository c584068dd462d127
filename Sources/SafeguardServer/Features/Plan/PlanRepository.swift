import Fluent
import SafeguardCore
import Vapor

/// One plan revision as read back for pages and the API.
struct PlanContent: Sendable {
    struct Agency: Sendable, Content {
        var code: String
        var name: String
        var kind: OrgUnitKind
    }

    struct Task: Sendable {
        var code: String
        var sectionCode: String
        var groupCode: String?
        var parentCode: String?
        var text: String
        var agenciesText: String
        var footnotes: [String]
        var lead: [Agency]
        var coordinating: [Agency]

        func involves(_ unitCode: String, as part: PlanTaskAgency.Part?) -> Bool {
            switch part {
            case .lead: lead.contains { $0.code == unitCode }
            case .coordinating: coordinating.contains { $0.code == unitCode }
            case nil: lead.contains { $0.code == unitCode } || coordinating.contains { $0.code == unitCode }
            }
        }
    }

    var plan: Plan
    var version: PlanVersion
    var versions: [Int]
    var purposes: [PlanPurposeRecord]
    var targets: [Target]
    var sections: [PlanSectionRecord]
    var tasks: [Task]
    var duties: [PlanDutyRecord]
}

/// Reads plans and their revisions.
struct PlanRepository {
    let db: any Database

    func all() async throws -> [(Plan, PlanVersion)] {
        let plans = try await Plan.query(on: db).sort(\.$year, .descending).sort(\.$key).all()
        var result: [(Plan, PlanVersion)] = []
        for plan in plans {
            if let current = try await latestVersion(of: plan) { result.append((plan, current)) }
        }
        return result
    }

    /// The newest plan (highest year), the one pages show by default.
    func defaultKey() async throws -> String? {
        try await Plan.query(on: db).sort(\.$year, .descending).sort(\.$key).first()?.key
    }

    /// The province of the newest plan, the default scope of the dashboard.
    func defaultProvince() async throws -> String? {
        try await Plan.query(on: db).sort(\.$year, .descending).sort(\.$key).first()?.provinceCode
    }

    /// The unit a command or API call names, or else the province of the plan in force — so
    /// no province code is written into the code; `nil` only when nothing was named and no plan is loaded.
    func unitCode(_ given: String?) async throws -> String? {
        if let given { return given }
        return try await defaultProvince()
    }

    func latestVersion(of plan: Plan) async throws -> PlanVersion? {
        try await PlanVersion.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$version, .descending).first()
    }

    /// The targets of the current version of the newest plan — all the KPI pages need, without
    /// loading the tasks and their thousands of agency rows on every dashboard request.
    func currentTargets() async throws -> (plan: Plan, version: PlanVersion, targets: [Target])? {
        guard let key = try await defaultKey(), let plan = try await Plan.query(on: db).filter(\.$key == key).first(),
              let version = try await latestVersion(of: plan) else { return nil }
        let targets = try await PlanTarget.query(on: db).filter(\.$version.$id == version.requireID()).sort(\.$ordinal).all()
        return (plan, version, targets.compactMap(Self.target))
    }

    /// A plan's content at a version (the current one when `version` is nil), or nil when there is no such plan or version.
    func content(key: String, version number: Int? = nil) async throws -> PlanContent? {
        guard let plan = try await Plan.query(on: db).filter(\.$key == key).first() else { return nil }
        let versions = try await PlanVersion.query(on: db).filter(\.$plan.$id == plan.requireID())
            .sort(\.$version, .descending).all()
        guard let version = number.map({ n in versions.first { $0.version == n } }) ?? versions.first else { return nil }
        let versionID = try version.requireID()
        let targets = try await PlanTarget.query(on: db).filter(\.$version.$id == versionID).sort(\.$ordinal).all()
        let tasks = try await PlanTask.query(on: db).filter(\.$version.$id == versionID).sort(\.$ordinal)
            .with(\.$agencies) { $0.with(\.$unit) }.all()
        return PlanContent(
            plan: plan, version: version, versions: versions.map(\.version),
            purposes: try await PlanPurposeRecord.query(on: db).filter(\.$version.$id == versionID).sort(\.$ordinal).all(),
            targets: targets.compactMap(Self.target),
            sections: try await PlanSectionRecord.query(on: db).filter(\.$version.$id == versionID).sort(\.$ordinal).all(),
            tasks: tasks.map(Self.task),
            duties: try await PlanDutyRecord.query(on: db).filter(\.$version.$id == versionID).sort(\.$ordinal).all())
    }

    private static func target(_ r: PlanTarget) -> Target? {
        guard let metric = TargetMetric(rawValue: r.metric), let comparison = Comparison(rawValue: r.comparison),
              let unit = ThresholdUnit(rawValue: r.unit) else { return nil }
        func parts(_ text: String?) -> [RateDefinition.Part] { (text ?? "").split(separator: ",").compactMap { RateDefinition.Part(String($0)) } }
        let definition = RateDefinition(numerator: parts(r.numerator), denominator: parts(r.denominator), source: r.definitionSource)
        return Target(id: r.code, text: r.text, metric: metric, comparison: comparison, threshold: r.threshold, unit: unit,
                      baselineYear: r.baselineYear,
                      severities: r.severities.split(separator: ",").compactMap { CrimeSeverity(rawValue: String($0)) },
                      definition: definition.fits(metric) ? definition : nil)
    }

    private static func task(_ r: PlanTask) -> PlanContent.Task {
        func agencies(_ part: PlanTaskAgency.Part) -> [PlanContent.Agency] {
            r.agencies.filter { $0.part == part }
                .map { PlanContent.Agency(code: $0.unit.code, name: $0.unit.name, kind: $0.unit.kind) }
                .sorted { $0.code < $1.code }
        }
        return PlanContent.Task(
            code: r.code, sectionCode: r.sectionCode, groupCode: r.groupCode, parentCode: r.parentCode, text: r.text,
            agenciesText: r.agenciesText, footnotes: r.footnotes.isEmpty ? [] : r.footnotes.components(separatedBy: "\n"),
            lead: agencies(.lead), coordinating: agencies(.coordinating))
    }
}
