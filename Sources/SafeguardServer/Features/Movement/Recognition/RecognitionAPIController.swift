import Fluent
import SafeguardCore
import Vapor

/// Registrations, the communes' "An toàn về ANTT" standing and a member's recognition, the year-end
/// emulation ranking and the movement's target figures in the JSON API.
struct RecognitionAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("registrations", use: registrations)
        routes.post("registrations", use: register)
        routes.get("recognition", use: recognition)
        routes.post("recognition", ":unit", use: recognise)
        routes.get("emulation", use: emulation)
        routes.get("movement", "figures", use: figures)
    }

    struct RegistrationDTO: Content {
        var unit: String
        var year: Int
        var safety: Bool
        var exemplary: Bool
        var registeredOn: String
        var late: Bool
    }

    func registrations(req: Request) async throws -> [RegistrationDTO] {
        let scope = try await req.listScope()
        return try await RegistrationRecord.query(in: scope, on: req.db).filter(\.$year == (try req.year())).sort(\.$unitCode).all()
            .map { .init(unit: $0.unitCode, year: $0.year, safety: $0.safety, exemplary: $0.exemplary, registeredOn: $0.registeredOn, late: $0.late) }
    }

    struct RegisterInput: Content {
        var unit: String
        var year: Int?
        var safety: Bool
        var exemplary: Bool
    }

    func register(req: Request) async throws -> Response {
        let input = try req.content.decode(RegisterInput.self)
        let unit = try await req.evaluatedUnit(input.unit)
        try req.authorize(.editUnitRecords(unit: unit.code), on: unit)
        if case .failure(let errors) = try await MovementRecords(req: req).register(unit, year: try req.year(input.year), safety: input.safety, exemplary: input.exemplary) {
            throw FieldRefusal(errors, req)
        }
        return Response(status: .noContent)
    }

    struct CommuneRecognitionDTO: Content {
        var unit: String
        var name: String
        var members: Int
        var recognisedMembers: [String]
        var recognised: Bool
        var reasons: [String]
        /// Codes of the listed cases on record that disqualify the commune (each at /records/cases/{code}).
        var casesOnRecord: [String]
    }

    func recognition(req: Request) async throws -> [CommuneRecognitionDTO] {
        let app = req.application
        return try await MovementQueries(req.db).recognition(in: try await req.listScope(), year: try req.year()) { try RecognitionController.checklist(for: $0, app) }.map {
            .init(unit: $0.commune.code, name: $0.commune.name, members: $0.members.count, recognisedMembers: $0.recognised.sorted(),
                  recognised: $0.verdict.recognised, reasons: $0.verdict.reasons, casesOnRecord: $0.cases.map(\.code))
        }
    }

    struct MemberRecognitionDTO: Content {
        var unit: String
        var year: Int
        var met: [String]
        var recognised: Bool
        /// The items not met, "code: text".
        var missing: [String]
    }

    /// The commune records which of its checklist's items a residential area or unit met.
    func recognise(req: Request) async throws -> MemberRecognitionDTO {
        let (unit, checklist) = try await req.recognitionMember()
        try req.authorize(.reviewAssessment(unit: unit.code), on: unit)
        struct Input: Content { var year: Int?; var met: [String] }
        let input = try req.content.decode(Input.self)
        let record = try await MovementRecords(req: req).recordRecognition(of: unit, year: try req.year(input.year), met: input.met, checklist: checklist)
        return MemberRecognitionDTO(unit: unit.code, year: record.year, met: record.metCodes.sorted(), recognised: record.recognised,
                                    missing: checklist.missing(record.metCodes).map { "\($0.code): \($0.text)" })
    }

    // MARK: Emulation and figures

    struct EmulationRowDTO: Content {
        struct Part: Content {
            var name: String
            var value: Double?
            var weight: Double
            var points: Double
        }

        var rank: Int
        var unit: String
        var name: String
        var score: Double
        var parts: [Part]
    }

    func emulation(req: Request) async throws -> [EmulationRowDTO] {
        let province = try await req.defaultScope()
        guard province.kind == .province else { throw Abort(.forbidden, reason: req.t("error.forbidden")) }
        return try await EmulationStanding(db: req.db).rank(province: province, year: try req.year(), weights: EmulationRanking.Weights(), today: req.today).map { e in
            .init(rank: e.row.rank, unit: e.unit.code, name: e.unit.name, score: e.row.score,
                  parts: e.row.parts.map { .init(name: $0.name, value: $0.value, weight: $0.weight, points: $0.points) })
        }
    }

    struct FiguresDTO: Content {
        var unit: String
        var year: Int
        var communes: Int
        var communesWithAntiDrugModel: Int
        var communesDrugFree: Int
        var communesRegistered: Int
        var cyberspaceUnits: Int
        var unitsInCyberspace: Int
        var unitsAssessed: Int
        var unitsRatedWeak: Int
    }

    func figures(req: Request) async throws -> FiguresDTO {
        let scope = try await req.listScope()
        let f = try await MovementQueries(req.db).figures(scope: scope, year: try req.year())
        return FiguresDTO(unit: scope.code, year: try req.year(), communes: f.communes, communesWithAntiDrugModel: f.communesWithAntiDrugModel,
                          communesDrugFree: f.communesDrugFree, communesRegistered: f.communesRegistered, cyberspaceUnits: f.cyberspaceUnits,
                          unitsInCyberspace: f.unitsInCyberspace, unitsAssessed: f.unitsAssessed, unitsRatedWeak: f.unitsRatedWeak)
    }
}
