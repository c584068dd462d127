import Vapor

/// `/api/v1/me`: who the token or session belongs to.
struct MeAPIController: RouteCollection {
    struct MeDTO: Content {
        var username: String
        var displayName: String
        var role: String
        var unit: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get("me") { req async throws -> MeDTO in
            let user = try req.user
            return MeDTO(username: user.username, displayName: user.displayName, role: user.role.rawValue, unit: user.unit?.code)
        }
    }
}
