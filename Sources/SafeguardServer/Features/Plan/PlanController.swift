import Vapor

/// Trang kế hoạch: the plan as leaders and officers read it.
struct PlanController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("plan", use: current)
        routes.get("plans", ":key", use: show)
    }

    func current(req: Request) async throws -> View {
        guard let key = try await PlanRepository(db: req.db).defaultKey() else { throw Abort(.notFound, reason: req.t("error.no-plan")) }
        return try await render(req, key: key)
    }

    func show(req: Request) async throws -> View {
        try await render(req, key: try req.parameters.require("key"))
    }

    private func render(_ req: Request, key: String) async throws -> View {
        let version = try req.queryNumber("version", in: 1...1_000_000)
        guard let content = try await PlanRepository(db: req.db).content(key: key, version: version) else {
            throw Abort(.notFound, reason: req.t("error.no-plan"))
        }
        let requested = try req.queryText("filter")
        let filter = requested.flatMap { r in ["lead", "coordinating"].first { $0 == r } } ?? "all"
        return try await req.page("plan/plan", PlanPage(req, content: content, filter: filter))
    }
}
