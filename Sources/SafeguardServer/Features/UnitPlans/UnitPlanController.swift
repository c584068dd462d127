import Fluent
import SafeguardCore
import Vapor

/// `/my-plan`: a unit's own plan under the city plan — it takes up the city tasks it leads or
/// coordinates and the city targets (with its own threshold, never laxer than the city's), adds its
/// own tasks and targets, saves a draft and issues it with number, date and signer; an issued plan
/// is revised by a new version, never edited. `/plans/units`: who has issued theirs.
struct UnitPlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("my-plan", use: show)
        routes.post("my-plan", use: save)
        routes.post("my-plan", "revise", use: revise)
        routes.get("plans", "units", use: units)
    }

    /// Units the city plan asks for a plan of their own (section III.1: departments, mass organisations, localities).
    static let planningKinds: [OrgUnitKind] = [.department, .massOrganisation, .ward, .commune, .specialZone]

    /// The user's unit (it must be one that plans) and the current city plan.
    private func context(_ req: Request) async throws -> (OrgUnit, PlanContent) {
        guard let unit = try req.user.unit else { throw Abort(.notFound, reason: req.t("unit_plan_no_unit")) }
        try req.authorize(.editUnit(unit: unit.code), on: unit)
        let repository = PlanRepository(db: req.db)
        guard let key = try await repository.defaultKey(), let content = try await repository.content(key: key) else {
            throw Abort(.notFound, reason: req.t("error.no-plan"))
        }
        return (unit, content)
    }

    private func latest(_ unit: OrgUnit, _ content: PlanContent, on db: any Database) async throws -> UnitPlan? {
        try await UnitPlan.query(on: db).filter(\.$unitCode == unit.code).filter(\.$parentPlanKey == content.plan.key)
            .sort(\.$version, .descending).with(\.$tasks).with(\.$targets).first()
    }

    private func render(_ req: Request, _ unit: OrgUnit, _ content: PlanContent, _ plan: UnitPlan?, draft: UnitPlanDraft? = nil,
                        errors: [String] = []) async throws -> Response {
        let taken = Set(draft?.cityTasks ?? plan?.tasks.compactMap(\.parentTaskCode) ?? [])
        let mine = content.tasks.filter { $0.involves(unit.code, as: nil) }
        let page = Page(
            page: PageContext(req, title: req.t("unit_plan_title")), unitName: unit.name, cityPlan: "\(content.version.number) — \(content.version.title)",
            version: plan?.version, status: plan.map { req.t("unit_plan_status_\($0.status.rawValue)") }, issued: plan?.status == .issued,
            number: draft?.number ?? plan?.number ?? "", issuedOn: draft?.issuedOn ?? plan?.issuedOn ?? "", signer: draft?.signer ?? plan?.signer ?? "",
            cityTasks: mine.map { task in
                .init(code: task.code, text: task.text, part: req.t(task.involves(unit.code, as: .lead) ? "plan_my_part_lead" : "plan_my_part_coordinating"),
                      checked: plan == nil && draft == nil ? true : taken.contains(task.code))
            },
            ownTasks: draft?.ownTasks ?? (plan?.tasks.filter { $0.parentTaskCode == nil }.sorted { $0.ordinal < $1.ordinal }.map(\.text).joined(separator: "\n") ?? ""),
            cityTargets: content.targets.map { target in
                let stored = plan?.targets.first { $0.parentTargetCode == target.id }
                let typed = draft.map { $0.targets[target.id] } ?? stored?.threshold.map { Formatting.number($0, req.language) }
                var own = target
                own.threshold = stored?.threshold ?? target.threshold
                return .init(code: target.id, text: target.text, city: Formatting.requirement(of: target, req),
                             value: typed ?? Formatting.number(target.threshold, req.language), mine: Formatting.requirement(of: own, req),
                             checked: draft.map { $0.targets[target.id] != nil } ?? (plan == nil || stored != nil))
            },
            ownTargets: draft?.ownTargets ?? (plan?.targets.filter { $0.parentTargetCode == nil }.sorted { $0.ordinal < $1.ordinal }.map(\.text).joined(separator: "\n") ?? ""),
            errors: errors)
        return try await req.page("unit-plans/unit-plan", page).encodeResponse(status: errors.isEmpty ? .ok : .unprocessableEntity, for: req)
    }

    func show(req: Request) async throws -> Response {
        let (unit, content) = try await context(req)
        return try await render(req, unit, content, try await latest(unit, content, on: req.db))
    }

    /// Saves the draft (`action=save`) or issues it (`action=issue`), in one transaction.
    func save(req: Request) async throws -> Response {
        let (unit, content) = try await context(req)
        struct Form: Content {
            var tasks: [String]?
            var ownTasks: String?
            var targets: [String]?
            var thresholds: [String: String]?
            var ownTargets: String?
            var number: String?
            var issuedOn: String?
            var signer: String?
            var action: String?
        }
        let form = try req.content.decode(Form.self)
        let existing = try await latest(unit, content, on: req.db)
        guard existing?.status != .issued else {
            return try await render(req, unit, content, existing, errors: [req.t("unit_plan_error_issued")])
        }
        let issuing = form.action == "issue"
        let adopted = Dictionary((form.targets ?? []).map { ($0, form.thresholds?[$0] ?? "") }, uniquingKeysWith: { a, _ in a })
        let draft = UnitPlanDraft(cityTasks: form.tasks ?? [], ownTasks: form.ownTasks, targets: adopted, ownTargets: form.ownTargets,
                                  number: form.number, issuedOn: form.issuedOn, signer: form.signer)
        let known = Set(content.tasks.filter { $0.involves(unit.code, as: nil) }.map(\.code))
        let valid: UnitPlanDraft.Valid
        switch draft.validate(issuing: issuing, known: known, cityTargets: content.targets, today: req.today) {
        case .success(let v): valid = v
        case .failure(let errors): return try await render(req, unit, content, existing, draft: draft, errors: errors.errors.map { FieldMessages.message($0, req) })
        }
        let actor = try req.user.username
        let lead = Set(content.tasks.filter { $0.involves(unit.code, as: .lead) }.map(\.code))
        try await req.db.writeTransaction { db in
            let plan = existing ?? UnitPlan()
            if existing == nil {
                plan.unitCode = unit.code
                plan.unitPath = unit.path
                plan.provinceCode = unit.provinceCode
                plan.parentPlanKey = content.plan.key
                plan.version = 1
                plan.createdBy = actor
            }
            plan.status = issuing ? .issued : .draft
            (plan.number, plan.issuedOn, plan.signer) = (valid.number, valid.issuedOn?.description, valid.signer)
            try await plan.save(on: db)
            let id = try plan.requireID()
            try await UnitPlanTask.query(on: db).filter(\.$plan.$id == id).delete()
            var ordinal = 0
            for code in valid.cityTasks {
                let text = content.tasks.first { $0.code == code }?.text ?? code
                try await Self.task(id, &ordinal, code: code, part: lead.contains(code) ? "lead" : "coordinating", text: text, on: db)
            }
            for text in valid.ownTasks { try await Self.task(id, &ordinal, code: nil, part: "own", text: text, on: db) }
            try await UnitPlanTarget.query(on: db).filter(\.$plan.$id == id).delete()
            let adopted = valid.targets.compactMap { a in content.targets.first { $0.id == a.code }.map { ($0, a.threshold) } }
            for (n, (target, threshold)) in adopted.enumerated() {
                try await UnitPlanTarget(plan: id, ordinal: n + 1, parent: target.id, text: target.text, threshold: threshold).create(on: db)
            }
            for (n, text) in valid.ownTargets.enumerated() {
                try await UnitPlanTarget(plan: id, ordinal: adopted.count + n + 1, parent: nil, text: text, threshold: nil).create(on: db)
            }
            try await req.audit(issuing ? "issue" : "save", "unit-plan", key: "\(unit.code)/\(content.plan.key)/\(plan.version)", detail: valid.number, on: db)
        }
        return req.redirect(to: "/my-plan")
    }

    private static func task(_ plan: UUID, _ ordinal: inout Int, code: String?, part: String, text: String, on db: any Database) async throws {
        ordinal += 1
        let task = UnitPlanTask()
        task.$plan.id = plan
        task.ordinal = ordinal
        task.parentTaskCode = code
        task.part = part
        task.text = text
        try await task.create(on: db)
    }

    /// Sửa đổi: a new draft version with the issued plan's tasks; the issued one stays as signed.
    func revise(req: Request) async throws -> Response {
        let (unit, content) = try await context(req)
        guard let issued = try await latest(unit, content, on: req.db), issued.status == .issued else { return req.redirect(to: "/my-plan") }
        let actor = try req.user.username
        try await req.db.writeTransaction { db in
            let revision = UnitPlan()
            (revision.unitCode, revision.unitPath, revision.provinceCode) = (issued.unitCode, issued.unitPath, issued.provinceCode)
            (revision.parentPlanKey, revision.version, revision.status, revision.createdBy) = (issued.parentPlanKey, issued.version + 1, .draft, actor)
            try await revision.create(on: db)
            var ordinal = 0
            for task in issued.tasks.sorted(by: { $0.ordinal < $1.ordinal }) {
                try await Self.task(try revision.requireID(), &ordinal, code: task.parentTaskCode, part: task.part, text: task.text, on: db)
            }
            for target in issued.targets {
                try await UnitPlanTarget(plan: try revision.requireID(), ordinal: target.ordinal, parent: target.parentTargetCode,
                                         text: target.text, threshold: target.threshold).create(on: db)
            }
            try await req.audit("revise", "unit-plan", key: "\(unit.code)/\(content.plan.key)/\(revision.version)", detail: nil, on: db)
        }
        return req.redirect(to: "/my-plan")
    }

    /// Every unit that owes a plan under `cityPlan`, with its latest issued plan (nil if none) and
    /// whether it has a draft: the page `/plans/units` and `GET /api/v1/unit-plans/status`.
    static func standing(province: String, cityPlan key: String, on db: any Database) async throws -> [(OrgUnit, UnitPlan?, Bool)] {
        let units = try await Scope.province(province).filter(OrgUnit.query(on: db)).filter(\.$kind ~~ planningKinds).sort(\.$code).all()
        let plans = try await UnitPlan.query(on: db).filter(\.$parentPlanKey == key).sort(\.$version).all()
        var latestIssued: [String: UnitPlan] = [:], anyDraft = Set<String>()
        for plan in plans {
            if plan.status == .issued { latestIssued[plan.unitCode] = plan } else { anyDraft.insert(plan.unitCode) }
        }
        return units.map { ($0, latestIssued[$0.code], anyDraft.contains($0.code)) }
    }

    /// Which units have issued their plan under the current city plan (a target of the plan itself).
    func units(req: Request) async throws -> View {
        let scope = try await req.defaultScope()
        guard scope.kind == .province else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        let repository = PlanRepository(db: req.db)
        guard let key = try await repository.defaultKey(), let content = try await repository.content(key: key) else {
            throw Abort(.notFound, reason: req.t("error.no-plan"))
        }
        let rows = try await Self.standing(province: scope.provinceCode, cityPlan: key, on: req.db).map { unit, plan, drafting -> UnitsPage.Row in
            if let plan {
                return .init(unit: unit.name, status: req.t("unit_plan_status_issued"), issued: true,
                             detail: "\(plan.number ?? "") · \(Formatting.date(iso: plan.issuedOn, req.language)) · \(plan.signer ?? "")" + (plan.version > 1 ? " · \(req.t("unit_plan_version")) \(plan.version)" : ""))
            }
            return .init(unit: unit.name, status: req.t(drafting ? "unit_plan_status_draft" : "unit_plan_status_none"), issued: false, detail: "")
        }
        return try await req.page("unit-plans/unit-plans", UnitsPage(
            page: PageContext(req, title: req.t("unit_plans_title")), cityPlan: "\(content.version.number) — \(content.version.title)",
            issued: rows.filter(\.issued).count, total: rows.count, rows: rows.sorted { !$0.issued && $1.issued }))
    }
}
