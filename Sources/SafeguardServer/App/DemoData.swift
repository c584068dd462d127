import Fluent
import SafeguardCore
import Vapor

/// Demo content for a fresh installation: a few villages, groups, schools and enterprises per
/// commune, and one account per role. Never used when `SAFEGUARD_DEMO=0`.
struct DemoData {
    let db: any Database

    struct Account {
        var username: String
        var role: Role
        var unit: String?
    }

    /// Demo accounts: usernames read as the role they show.
    static let accounts: [(username: String, name: String, role: Role, unit: String?)] = [
        ("quantri", "Quản trị hệ thống", .systemAdmin, nil),
        ("thuongtruc", "Cơ quan thường trực — Công an thành phố", .standingOffice, "31-CATP"),
        ("lanhdao", "Lãnh đạo Ban Chỉ đạo 799", .leader, nil),
        ("sotuphap", "Cán bộ Sở Tư pháp", .departmentOfficer, "31-STP"),
        ("hongbang", "Cán bộ phường Hồng Bàng", .communeOfficer, "11311"),
        ("totruong", "Tổ trưởng tổ dân phố 1, phường Hồng Bàng", .communeOfficer, "11311-01"),
        ("thuynguyen", "Cán bộ phường Thủy Nguyên", .communeOfficer, "11560"),
        ("lechan", "Cán bộ phường Lê Chân", .communeOfficer, "11383"),
        ("ngoquyen", "Cán bộ phường Ngô Quyền", .communeOfficer, "11329"),
    ]

    func addAccounts(password: String, hasher: Application.Password) async throws -> [Account] {
        let hash = try hasher.hash(password)
        var created: [Account] = []
        for account in Self.accounts {
            let unit = try await account.unit.asyncMap { try await OrgUnit.find(code: $0, on: db) } ?? nil
            if account.unit != nil && unit == nil { continue }
            let user = User(username: account.username, displayName: account.name, passwordHash: hash, role: account.role,
                            unitID: unit?.id, mustChangePassword: true)
            try await user.create(on: db)
            created.append(Account(username: account.username, role: account.role, unit: unit.map { "\($0.name) (\($0.code))" }))
        }
        return created
    }

    /// Two residential units, a school and an enterprise under every locality.
    func addSubUnits() async throws {
        try await db.transaction { db in
            let localities = try await OrgUnit.query(on: db).filter(\.$kind ~~ [.ward, .commune, .specialZone]).all()
            var units: [OrgUnit] = []
            for locality in localities {
                let residential: OrgUnitKind = locality.kind == .ward ? .residentialGroup : .village
                let label = residential == .village ? "Thôn" : "Tổ dân phố"
                let short = locality.name.replacingOccurrences(of: "Phường ", with: "")
                    .replacingOccurrences(of: "Xã ", with: "").replacingOccurrences(of: "Đặc khu ", with: "")
                units += try [
                    OrgUnit(code: "\(locality.code)-01", name: "\(label) 1", kind: residential, parent: locality),
                    OrgUnit(code: "\(locality.code)-02", name: "\(label) 2", kind: residential, parent: locality),
                    OrgUnit(code: "\(locality.code)-TH", name: "Trường Tiểu học \(short)", kind: .school, parent: locality),
                    OrgUnit(code: "\(locality.code)-DN", name: "Công ty TNHH \(short)", kind: .enterprise, parent: locality),
                ]
            }
            for chunk in stride(from: 0, to: units.count, by: 200) {
                try await Array(units[chunk..<min(chunk + 200, units.count)]).create(on: db)
            }
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
