import Fluent
import SafeguardCore
import Vapor

/// `GET /api/v1/unit-plans[?unit=CODE]`: a unit's own plans under the current city plan, every
/// version (an issued plan is never changed; a revision is a new version), with their tasks and
/// targets linked to the city's; `GET /api/v1/unit-plans/status`: which units of the province have issued
/// theirs — the same list as the page `/plans/units`.
struct UnitPlanAPIController: RouteCollection {
    struct PlanDTO: Content {
        var unit: String
        var cityPlan: String
        var version: Int
        var status: String
        var number: String?
        var issuedOn: String?
        var signer: String?
        var tasks: [TaskDTO]
        var targets: [TargetDTO]
    }

    struct TargetDTO: Content {
        /// The city target it adopts (T1…); absent for the unit's own.
        var parentTargetCode: String?
        var text: String
        /// The unit's level for an adopted target, compared as the city's target compares.
        var threshold: Double?
    }

    struct TaskDTO: Content {
        /// The city task it implements; absent for the unit's own task.
        var parentTaskCode: String?
        /// lead, coordinating or own.
        var part: String
        var text: String
    }

    struct StandingDTO: Content {
        var cityPlan: String
        var issued: Int
        var total: Int
        var units: [UnitStanding]
    }

    struct UnitStanding: Content {
        var unit: String
        var name: String
        /// issued, draft or none.
        var status: String
        var number: String?
        var issuedOn: String?
        var version: Int?
    }

    func boot(routes: any RoutesBuilder) throws {
        let plans = routes.grouped("unit-plans")
        plans.get(use: list)
        plans.get("status", use: status)
    }

    private func cityPlan(_ req: Request) async throws -> String {
        guard let key = try await PlanRepository(db: req.db).defaultKey() else { throw Abort(.notFound, reason: req.t("error.no-plan")) }
        return key
    }

    func list(req: Request) async throws -> [PlanDTO] {
        let key = try await cityPlan(req)
        let unit: OrgUnit
        if let code = try req.queryText("unit") {
            guard let found = try await OrgUnit.find(code: code, on: req.db) else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
            unit = found
        } else {
            guard let own = try req.user.unit else { throw Abort(.badRequest, reason: req.t("error.bad-request")) }
            unit = own
        }
        try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
        let plans = try await UnitPlan.query(on: req.db).filter(\.$unitCode == unit.code).filter(\.$parentPlanKey == key)
            .with(\.$tasks).with(\.$targets).sort(\.$version).all()
        return plans.map { p in
            PlanDTO(unit: p.unitCode, cityPlan: p.parentPlanKey, version: p.version, status: p.status.rawValue, number: p.number,
                    issuedOn: p.issuedOn, signer: p.signer,
                    tasks: p.tasks.sorted { $0.ordinal < $1.ordinal }.map { TaskDTO(parentTaskCode: $0.parentTaskCode, part: $0.part, text: $0.text) },
                    targets: p.targets.sorted { $0.ordinal < $1.ordinal }.map { TargetDTO(parentTargetCode: $0.parentTargetCode, text: $0.text, threshold: $0.threshold) })
        }
    }

    func status(req: Request) async throws -> StandingDTO {
        let scope = try await req.defaultScope()
        guard scope.kind == .province else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        let key = try await cityPlan(req)
        let units = try await UnitPlanController.standing(province: scope.provinceCode, cityPlan: key, on: req.db).map { unit, plan, drafting in
            UnitStanding(unit: unit.code, name: unit.name, status: plan != nil ? "issued" : drafting ? "draft" : "none",
                         number: plan?.number, issuedOn: plan?.issuedOn, version: plan?.version)
        }
        return StandingDTO(cityPlan: key, issued: units.filter { $0.status == "issued" }.count, total: units.count, units: units)
    }
}
