import Fluent
import SafeguardCore
import Vapor

/// `/open311/v2`: a read-only Open311 GeoReport v2 endpoint (services, and requests' statuses),
/// so other apps can show where a citizen's report stands. By design it carries less than the
/// specification allows: no description, no address, no point — only what the category, the unit
/// and the state already say — since a report's words and place could point at the person who
/// sent it. `service_request_id` is the report's random public number, never its receipt (an
/// address bar and a proxy's log would keep a receipt).
struct Open311Controller: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let v2 = routes.grouped("open311", "v2")
        v2.get("services.json", use: services)
        v2.get("requests.json", use: requests)
        v2.get("requests", ":id", use: request)
    }

    struct Service: Content {
        var service_code: String
        var service_name: String
        var description: String
        var metadata: Bool
        var type: String
        var keywords: String
        var group: String
    }

    func services(req: Request) async throws -> [Service] {
        try await TipDesk(req: req).published().map {
            Service(service_code: $0.code, service_name: PortalController.name($0, req), description: PortalController.name($0, req),
                    metadata: false, type: "realtime", keywords: $0.crimeCategory, group: "an-ninh-trat-tu")
        }
    }

    struct ServiceRequest: Content {
        var service_request_id: String
        /// `open` or `closed`, as the specification has it.
        var status: String
        /// The state in the reader's language.
        var status_notes: String
        var service_code: String
        var service_name: String
        var agency_responsible: String
        var requested_datetime: Date
        var updated_datetime: Date
        var expected_datetime: Date
    }

    private func dto(_ r: CitizenReport, _ req: Request) -> ServiceRequest {
        let channel = TipDesk(req: req).channels.channel(r.category)
        return ServiceRequest(service_request_id: r.publicID, status: r.state.isFinished ? "closed" : "open", status_notes: req.t(r.state.localizationKey),
                              service_code: r.category, service_name: channel.map { PortalController.name($0, req) } ?? r.category,
                              agency_responsible: PortalController.publicName(of: r.unit), requested_datetime: r.receivedAt,
                              updated_datetime: [r.receivedAt, r.firstAnswerAt, r.finishedAt].compactMap { $0 }.max() ?? r.receivedAt,
                              expected_datetime: r.dueAt)
    }

    /// `?service_request_id=a,b` (required, at most 50), optionally filtered by `service_code` and
    /// `status` (open, closed). There is no list of every report: the category, the unit and the
    /// time of a report in a small commune can tell someone who reported them.
    func requests(req: Request) async throws -> [ServiceRequest] {
        guard let ids = try req.queryText("service_request_id") else { throw InvalidParameter("service_request_id", .required, on: req) }
        let list = ids.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard list.count <= 50 else { throw InvalidParameter("service_request_id", .outOfRange(String(list.count)), on: req) }
        var query = CitizenReport.query(on: req.db).with(\.$unit).filter(\.$publicID ~~ list)
        if let code = try req.queryText("service_code") { query = query.filter(\.$category == code) }
        switch try req.queryText("status") {
        case nil: break
        case "open": query = query.filter(\.$state !~ [.resolved, .closed])
        case "closed": query = query.filter(\.$state ~~ [.resolved, .closed])
        case let other?: throw InvalidParameter("status", .unknownValue(other), on: req)
        }
        return try await query.sort(\.$receivedAt, .descending).limit(200).all().map { dto($0, req) }
    }

    /// `requests/{id}.json`: one request, as a one-element array (the specification's form).
    func request(req: Request) async throws -> [ServiceRequest] {
        guard let file = req.parameters.get("id"), file.hasSuffix(".json") else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        let id = String(file.dropLast(5))
        guard id.count <= 20, let report = try await CitizenReport.query(on: req.db).filter(\.$publicID == id).with(\.$unit).first() else {
            throw Abort(.notFound, reason: req.t("error.record-not-found"))
        }
        return [dto(report, req)]
    }
}
