import SafeguardCore
import Vapor

extension Request {
    /// The signed-in user; routes behind the login middlewares always have one.
    var user: User {
        get throws {
            guard let user = auth.get(User.self) else { throw Abort(.unauthorized, reason: t("error.unauthenticated")) }
            return user
        }
    }

    var actor: AccessPolicy.Actor {
        get throws {
            let user = try self.user
            return AccessPolicy.Actor(role: user.role, unitCode: user.unit?.code)
        }
    }

    /// Throws 403, in the user's language, unless the policy allows the action on this unit.
    func authorize(_ action: AccessPolicy.Action, on unit: OrgUnit) throws {
        guard AccessPolicy(directory: UnitDirectory(ancestryOf: unit)).allows(try actor, action) else {
            throw Abort(.forbidden, reason: t("error.forbidden"))
        }
    }

    /// Throws 403 unless the user may perform an action that concerns no particular unit.
    func authorize(_ action: AccessPolicy.Action) throws {
        guard AccessPolicy(directory: UnitDirectory([])).allows(try actor, action) else {
            throw Abort(.forbidden, reason: t("error.forbidden"))
        }
    }
}
