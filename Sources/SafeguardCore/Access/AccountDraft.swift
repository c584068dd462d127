import Foundation

/// Tài khoản mới hoặc sửa đổi: what an administrator typed for an account — on the page, in the
/// command line or in a sheet of many — checked the same way everywhere: a username of letters,
/// digits, `.`, `_` and `-` (it is typed at every sign-in, often on a phone), a role, and a unit
/// when the role needs one and of a kind the role accepts (a commune officer belongs to a commune
/// or below, a department officer to a department).
public struct AccountDraft: Sendable, Equatable {
    public var username: String?
    public var displayName: String?
    public var role: String?
    public var unitCode: String?
    public var email: String?

    public init(username: String?, displayName: String?, role: String?, unitCode: String?, email: String?) {
        self.username = username
        self.displayName = displayName
        self.role = role
        self.unitCode = unitCode
        self.email = email
    }

    /// A draft that passed: the username lower-cased, the unit's code when it has one.
    public struct Valid: Sendable, Equatable {
        public var username: String
        public var displayName: String
        public var role: Role
        public var unitCode: String?
        public var email: String?
    }

    public static let maximumUsernameLength = 64

    /// Names that are paths of the accounts pages, not accounts.
    public static let reservedUsernames: Set<String> = ["new", "import"]

    /// `kindOf` answers the kind of a unit code, nil for a code no unit has; `grantor` is the role
    /// of who acts (nil: the operator at the command line, who may grant any role).
    public func validate(kindOf: (String) -> OrgUnitKind?, grantor: Role? = nil) -> Result<Valid, FieldErrors> {
        var errors: [FieldError] = []
        let typed = FieldParsing.text(self.username, field: "username", required: true, maxLength: Self.maximumUsernameLength, errors: &errors)
        // ASCII before lower-casing (the Kelvin sign would become "k"); a letter or digit first, so
        // "." and ".." (which URLs erase) are no names.
        let username = typed?.lowercased()
        if let typed, let username, !typed.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            || !(username.first.map { $0.isLetter || $0.isNumber } ?? false) || Self.reservedUsernames.contains(username) {
            errors.append(FieldError("username", .unknownValue(typed)))
        }
        let displayName = FieldParsing.text(self.displayName, field: "display_name", required: false, maxLength: 200, errors: &errors)
        var role: Role?
        if let text = self.role?.trimmed, !text.isEmpty {
            role = Role(rawValue: text)
            if role == nil { errors.append(FieldError("role", .unknownValue(text))) }
            if let role, let grantor, !grantor.mayGrant(role) { errors.append(FieldError("role", .notGrantable(text))) }
        } else {
            errors.append(FieldError("role", .required))
        }
        let unitCode = self.unitCode?.trimmed.isEmpty == false ? self.unitCode?.trimmed : nil
        if let unitCode {
            if let kind = kindOf(unitCode) {
                if let role, !role.acceptsUnit(kind: kind) { errors.append(FieldError("unit", .notAllowed)) }
            } else {
                errors.append(FieldError("unit", .unknownUnit(unitCode)))
            }
        } else if role?.requiresUnit == true {
            errors.append(FieldError("unit", .required))
        }
        let email = self.email?.trimmed.isEmpty == false ? self.email?.trimmed : nil
        if let email, !EmailAddress.isValid(email) { errors.append(FieldError("email", .unknownValue(email))) }
        guard errors.isEmpty, let username, let role else { return .failure(FieldErrors(errors)) }
        return .success(Valid(username: username, displayName: displayName ?? username, role: role, unitCode: unitCode, email: email))
    }
}
