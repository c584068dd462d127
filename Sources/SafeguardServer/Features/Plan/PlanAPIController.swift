import Fluent
import SafeguardCore
import Vapor

/// `/api/v1/plans`: plans, their revisions, targets and tasks; import of a revised plan file.
struct PlanAPIController: RouteCollection {
    struct PlanSummaryDTO: Content {
        var key: String
        var year: Int
        var province: String
        var version: Int
        var number: String
        var date: String
        var title: String
    }

    struct TargetDTO: Content {
        var id: String
        var text: String
        var metric: TargetMetric
        var comparison: Comparison
        var threshold: Double
        var unit: ThresholdUnit
        var baselineYear: Int?
        var severities: [CrimeSeverity]
        var definition: DefinitionDTO?

        init(_ t: Target) {
            id = t.id; text = t.text; metric = t.metric; comparison = t.comparison; threshold = t.threshold
            unit = t.unit; baselineYear = t.baselineYear; severities = t.severities; definition = t.definition.map(DefinitionDTO.init)
        }
    }

    /// A rate's definition: its terms ("-" subtracts, `docs/features/kpi.md`) and where it comes from.
    struct DefinitionDTO: Content {
        var numerator: [String]
        var denominator: [String]
        var source: String?

        init(_ d: RateDefinition) {
            numerator = d.numerator.map(\.description); denominator = d.denominator.map(\.description); source = d.source
        }
    }

    struct TaskDTO: Content {
        var id: String
        var section: String
        var group: String?
        var parent: String?
        var text: String
        var agencies: String
        var lead: [String]
        var coordinating: [String]

        init(_ t: PlanContent.Task) {
            id = t.code; section = t.sectionCode; group = t.groupCode; parent = t.parentCode; text = t.text
            agencies = t.agenciesText; lead = t.lead.map(\.code); coordinating = t.coordinating.map(\.code)
        }
    }

    struct SectionDTO: Content {
        var id: String
        var parent: String?
        var title: String
    }

    struct DutyDTO: Content {
        var id: String
        var text: String
        var responsible: [String]
    }

    struct PlanDTO: Content {
        var key: String
        var version: Int
        var versions: [Int]
        var number: String
        var date: String
        var issuer: String
        var title: String
        var signer: String
        var purposes: [DutyDTO]
        var targets: [TargetDTO]
        var sections: [SectionDTO]
        var tasks: [TaskDTO]
        var duties: [DutyDTO]
    }

    struct ImportResultDTO: Content {
        var key: String
        var version: Int
        var created: Bool
    }

    struct ImportErrorDTO: Content {
        struct Problem: Content {
            var line: Int?
            var path: String
            var message: String
        }
        struct FieldProblem: Content {
            var field: String
            var code: String
            var message: String
        }
        var error: Bool
        var reason: String
        /// The shape of every other refusal (`ErrorPageMiddleware`), so one client handles them all.
        var errors: [FieldProblem]
        var problems: [Problem]
    }

    static let maximumPlanFile: ByteCount = "2mb"

    func boot(routes: any RoutesBuilder) throws {
        let plans = routes.grouped("plans")
        plans.get(use: index)
        // A plan file is tens of kilobytes (Hải Phòng's is 58 KB): more than Vapor's default 16 KB.
        plans.on(.POST, "import", body: .collect(maxSize: Self.maximumPlanFile), use: importPlan).collecting(Self.maximumPlanFile)
        plans.get(":key", use: show)
        plans.get(":key", "targets", use: targets)
        plans.get(":key", "tasks", use: tasks)
    }

    func index(req: Request) async throws -> [PlanSummaryDTO] {
        try await PlanRepository(db: req.db).all().map { plan, version in
            PlanSummaryDTO(key: plan.key, year: plan.year, province: plan.provinceCode, version: version.version,
                           number: version.number, date: version.issuedOn, title: version.title)
        }
    }

    /// The current revision, or `?version=N`.
    func show(req: Request) async throws -> PlanDTO {
        let c = try await content(req)
        return PlanDTO(
            key: c.plan.key, version: c.version.version, versions: c.versions, number: c.version.number, date: c.version.issuedOn,
            issuer: c.version.issuer, title: c.version.title, signer: c.version.signerName,
            purposes: c.purposes.map { DutyDTO(id: $0.code, text: $0.text, responsible: []) },
            targets: c.targets.map(TargetDTO.init),
            sections: c.sections.map { SectionDTO(id: $0.code, parent: $0.parentCode, title: $0.title) },
            tasks: c.tasks.map(TaskDTO.init),
            duties: c.duties.map { DutyDTO(id: $0.code, text: $0.text, responsible: $0.responsible.split(separator: ",").map(String.init)) })
    }

    func targets(req: Request) async throws -> [TargetDTO] {
        try await content(req).targets.map(TargetDTO.init)
    }

    /// `?unit=CODE&part=lead|coordinating` keeps the tasks that unit takes part in.
    func tasks(req: Request) async throws -> [TaskDTO] {
        let c = try await content(req)
        let partText = try req.queryText("part")
        guard partText == nil || PlanTaskAgency.Part(rawValue: partText!) != nil else {
            throw InvalidParameter("part", .unknownValue(partText ?? ""), on: req)
        }
        guard let unit = try req.queryText("unit") else { return c.tasks.map(TaskDTO.init) }
        return c.tasks.filter { $0.involves(unit, as: partText.flatMap(PlanTaskAgency.Part.init)) }.map(TaskDTO.init)
    }

    /// Body: the plan file (YAML). 201 with the new version, 200 when unchanged, 422 with every problem.
    func importPlan(req: Request) async throws -> Response {
        try req.authorize(.importPlan)
        guard let body = req.body.string, !body.isEmpty else { throw Abort(.badRequest, reason: req.t("error.empty-body")) }
        let user = try req.user
        do {
            switch try await PlanImporter(db: req.db, clock: req.application.clock).importText(body, fileName: "upload.yaml", importedBy: user.username) {
            case .created(let key, let version):
                try await req.audit("import", "plan", key: "\(key)#\(version)")
                return try await ImportResultDTO(key: key, version: version, created: true).encodeResponse(status: .created, for: req)
            case .unchanged(let key, let version):
                return try await ImportResultDTO(key: key, version: version, created: false).encodeResponse(status: .ok, for: req)
            }
        } catch let error as PlanFileError {
            let dto = ImportErrorDTO(error: true, reason: req.t("error.plan-invalid"),
                                     errors: error.problems.map { .init(field: $0.path, code: "invalid", message: $0.message) },
                                     problems: error.problems.map { .init(line: $0.line, path: $0.path, message: $0.message) })
            return try await dto.encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    private func content(_ req: Request) async throws -> PlanContent {
        let version = try req.queryNumber("version", in: 1...1_000_000)
        guard let c = try await PlanRepository(db: req.db).content(key: try req.parameters.require("key"), version: version) else {
            throw Abort(.notFound, reason: req.t("error.no-plan"))
        }
        return c
    }
}
