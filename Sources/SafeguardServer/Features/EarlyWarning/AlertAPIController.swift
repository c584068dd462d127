import Fluent
import SafeguardCore
import Vapor

/// `GET /api/v1/alerts?unit=CODE&state=new`: early-warning alerts on a unit's subtree (default:
/// the caller's record scope), newest first, with the evidence each was raised on.
struct AlertAPIController: RouteCollection {
    struct AlertDTO: Content {
        var id: UUID
        var unit: String
        var watch: String
        var frequency: String
        var period: Int
        var method: String
        var parameters: String
        var baseline: String
        var observed: Int
        var expected: Double?
        var upperbound: Double?
        var score: Double?
        var pValue: Double?
        var state: AlertState
        var assessment: AlertAssessment?

        init(_ a: Alert) throws {
            (id, unit, watch, frequency, period, method) = (try a.requireID(), a.unitCode, a.watchID, a.frequency, a.period, a.method)
            (parameters, baseline, observed, expected, upperbound) = (a.parameters, a.baseline, a.observed, a.expected, a.upperbound)
            (score, pValue, state, assessment) = (a.score, a.pValue, a.state, a.assessment)
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("alerts") { req async throws -> [AlertDTO] in
            let scope: OrgUnit
            if let code = try req.queryText("unit") {
                guard let unit = try await OrgUnit.find(code: code, on: req.db) else { throw Abort(.notFound, reason: req.t("error.unit-not-found")) }
                try req.authorize(.readUnitRecords(unit: unit.code), on: unit)
                scope = unit
            } else {
                scope = try await req.defaultScope()
            }
            let query = Alert.query(in: scope, on: req.db)
            if let text = try req.queryText("state") {
                guard let state = AlertState(rawValue: text) else { throw InvalidParameter("state", .unknownValue(text), on: req) }
                query.filter(\.$state == state)
            }
            return try await query.sort(\.$period, .descending).sort(\.$observed, .descending).limit(1000).all().map(AlertDTO.init)
        }
    }
}
