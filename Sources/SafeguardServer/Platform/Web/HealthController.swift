import Fluent
import SQLKit
import Vapor
import Yams

/// `/healthz` (the process answers) and `/readyz` (the database answers), for load balancers.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz") { _ in ["status": "ok"] }
        routes.get("readyz") { req async throws -> Response in
            do {
                guard let sql = req.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
                try await sql.raw("SELECT 1").run()
                return try await ["status": "ready"].encodeResponse(for: req)
            } catch {
                return try await ["status": "database unavailable"].encodeResponse(status: .serviceUnavailable, for: req)
            }
        }
    }
}

/// `/openapi.json`: the API description, written as YAML in `Resources/openapi.yaml` and served as JSON.
struct OpenAPIController: RouteCollection {
    let document: ByteBuffer

    init(path: String) throws {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Abort(.internalServerError, reason: "missing \(path)")
        }
        let object = try Yams.load(yaml: text) ?? [:]
        document = ByteBuffer(data: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json") { _ in
            Response(status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(buffer: document))
        }
    }
}
