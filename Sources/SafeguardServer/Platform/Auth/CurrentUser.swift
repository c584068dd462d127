import SafeguardCore
import Fluent
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
        guard try allows(action, on: unit) else { throw Abort(.forbidden, reason: t("error.forbidden")) }
    }

    /// The user's own unit, for recording something of its own (a model, an activity); 403 for a
    /// user without one or who may not act for it.
    func ownUnitForEditing() throws -> OrgUnit {
        guard let unit = try user.unit else { throw Abort(.forbidden, reason: t("error.forbidden")) }
        try authorize(.editUnitRecords(unit: unit.code), on: unit)
        return unit
    }

    /// Whether the policy allows the action on this unit (to show or hide what the user may do).
    func allows(_ action: AccessPolicy.Action, on unit: OrgUnit) throws -> Bool {
        AccessPolicy(directory: UnitDirectory(ancestryOf: unit)).allows(try actor, action)
    }

    /// Throws 403 unless the user may perform an action that concerns no particular unit.
    func authorize(_ action: AccessPolicy.Action) throws {
        guard AccessPolicy(directory: UnitDirectory([])).allows(try actor, action) else {
            throw Abort(.forbidden, reason: t("error.forbidden"))
        }
    }
}
