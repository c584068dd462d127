/// Vai trò: what a user account may do in Safeguard.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Quản trị hệ thống: accounts, tokens, master data, audit; no access to sensitive case files.
    case systemAdmin = "system-admin"
    /// Cơ quan thường trực (Công an thành phố): administers the plan and every unit's data.
    case standingOffice = "standing-office"
    /// Cán bộ sở, ngành: their department and the units below it.
    case departmentOfficer = "department-officer"
    /// Cán bộ xã, phường, đặc khu: their commune and the units below it — or, attached to a village,
    /// residential group, agency, enterprise or school (trưởng thôn, tổ trưởng…), that unit alone.
    case communeOfficer = "commune-officer"
    /// Lãnh đạo: reads everything, changes nothing.
    case leader

    /// Whether an account of this role must be attached to an organisation unit.
    public var requiresUnit: Bool { self == .departmentOfficer || self == .communeOfficer }

    /// The unit kinds an account of this role may be attached to.
    public func acceptsUnit(kind: OrgUnitKind) -> Bool {
        switch self {
        case .departmentOfficer: kind == .department || kind == .massOrganisation
        case .communeOfficer: kind.isLocality || kind.isGrassroots
        case .systemAdmin, .standingOffice, .leader: true
        }
    }

    public var localizationKey: String { "role.\(rawValue)" }

    /// Whether an account of this role may give `role` to an account (create it so, change it to
    /// it, or administer an account that has it). The standing office grants every role. The
    /// system administrator runs accounts but must not reach the case files (Decree 356's
    /// restricted access): it may not make or take over the accounts that read every unit's
    /// records — the standing office and leaders. Nobody else administers accounts.
    public func mayGrant(_ role: Role) -> Bool {
        switch self {
        case .standingOffice: true
        case .systemAdmin: role != .standingOffice && role != .leader
        case .departmentOfficer, .communeOfficer, .leader: false
        }
    }
}
