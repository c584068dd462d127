import Foundation
import SafeguardCore
import Vapor

/// The page models of `AccountController`.
extension AccountController {
    struct Row: Encodable {
        var username: String
        var displayName: String
        var role: String
        var unit: String?
        var email: String?
        var active: Bool
        var mustChangePassword: Bool
        var secondFactor: Bool
        var lastSignIn: String

        init(_ user: User, lastSignIn: Date?, _ req: Request) {
            username = user.username
            displayName = user.displayName
            role = req.t(user.role.localizationKey)
            unit = user.unit.map { "\($0.name) (\($0.code))" }
            email = user.email
            active = user.isActive
            mustChangePassword = user.mustChangePassword
            secondFactor = user.totpConfirmedAt != nil
            self.lastSignIn = lastSignIn.map { Formatting.instant($0, req.language) } ?? "—"
        }
    }

    /// The account form's fields, as typed (or as stored).
    struct Fields: Encodable {
        var username: String
        var displayName: String
        var unit: String
        var email: String
        var roles: [Choice]

        init(_ draft: AccountDraft?, _ req: Request) {
            username = draft?.username ?? ""
            displayName = draft?.displayName ?? ""
            unit = draft?.unitCode ?? ""
            email = draft?.email ?? ""
            // Only the roles the person acting may grant (`Role.mayGrant`).
            let grantor = try? req.user.role
            roles = Role.allCases.filter { grantor?.mayGrant($0) ?? true }.map { Choice(value: $0.rawValue, label: req.t($0.localizationKey), selected: $0.rawValue == draft?.role) }
        }
    }

    struct ListPage: Encodable {
        var page: PageContext
        var roles: [Choice]
        var unit: String
        var active: String
        var idleDays: [Choice]
        var query: String
        var total: Int
        var pager: PageLinks
        var rows: [Row]
    }

    struct FormPage: Encodable {
        var page: PageContext
        var fields: Fields
        var errors: FormErrors
    }

    struct AccountPage: Encodable {
        var page: PageContext
        var row: Row
        var fields: Fields
        var errors: FormErrors
        /// Shown once, after a creation or a reset.
        var oneTimePassword: String?
        /// Failed sign-ins in the throttling window (the unlock button's reason).
        var recentFailures: Int
        var isSelf: Bool
    }
}
