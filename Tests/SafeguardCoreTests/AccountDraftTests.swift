import Testing
@testable import SafeguardCore

/// An account as an administrator types it, checked once for the page, the command line and sheets.
@Suite struct AccountDraftTests {
    let kinds: [String: OrgUnitKind] = ["31": .province, "11311": .ward, "11311-T1": .residentialGroup, "31-CATP": .department]

    func check(_ draft: AccountDraft) -> Result<AccountDraft.Valid, FieldErrors> { draft.validate { kinds[$0] } }

    func fields(_ draft: AccountDraft) -> [String] {
        guard case .failure(let errors) = check(draft) else { return [] }
        return errors.errors.map(\.field)
    }

    @Test func aGoodDraftIsNormalised() {
        let valid = check(AccountDraft(username: "  CanBo.HongBang ", displayName: nil, role: "commune-officer", unitCode: "11311-T1", email: " hoa@hp.gov.vn "))
        #expect(valid == .success(.init(username: "canbo.hongbang", displayName: "canbo.hongbang", role: .communeOfficer, unitCode: "11311-T1", email: "hoa@hp.gov.vn")))
        // A leader needs no unit.
        #expect(fields(AccountDraft(username: "lanhdao", displayName: "Lãnh đạo", role: "leader", unitCode: "", email: nil)).isEmpty)
    }

    @Test func everyProblemIsNamedByField() {
        #expect(fields(AccountDraft(username: "", displayName: nil, role: nil, unitCode: nil, email: nil)) == ["username", "role"])
        #expect(fields(AccountDraft(username: "họ tên", displayName: nil, role: "leader", unitCode: nil, email: nil)) == ["username"])
        #expect(fields(AccountDraft(username: String(repeating: "a", count: 65), displayName: nil, role: "leader", unitCode: nil, email: nil)) == ["username"])
        #expect(fields(AccountDraft(username: "a", displayName: nil, role: "boss", unitCode: nil, email: nil)) == ["role"])
        #expect(fields(AccountDraft(username: "a", displayName: nil, role: "commune-officer", unitCode: nil, email: nil)) == ["unit"])
        #expect(fields(AccountDraft(username: "a", displayName: nil, role: "commune-officer", unitCode: "31-CATP", email: nil)) == ["unit"])
        #expect(fields(AccountDraft(username: "a", displayName: nil, role: "department-officer", unitCode: "11311", email: nil)) == ["unit"])
        #expect(fields(AccountDraft(username: "a", displayName: nil, role: "leader", unitCode: "99999", email: nil)) == ["unit"])
        #expect(fields(AccountDraft(username: "a", displayName: nil, role: "leader", unitCode: nil, email: "hoa at hp")) == ["email"])
        #expect(fields(AccountDraft(username: "a", displayName: String(repeating: "x", count: 201), role: "leader", unitCode: nil, email: nil)) == ["display_name"])
        // Names a URL would erase or alter, the pages' own paths, and letters that only become ASCII when lower-cased.
        for name in [".", "..", "-x", "new", "import", "\u{212A}ien"] {
            #expect(fields(AccountDraft(username: name, displayName: nil, role: "leader", unitCode: nil, email: nil)) == ["username"], "\(name)")
        }
    }

    /// Who may grant what: the standing office every role; the system administrator not the roles
    /// that read every unit's records; nobody else any.
    @Test func rolesAreGrantedOnlyByThoseAllowed() {
        #expect(Role.allCases.allSatisfy { Role.standingOffice.mayGrant($0) })
        #expect(Role.allCases.filter { Role.systemAdmin.mayGrant($0) } == [.systemAdmin, .departmentOfficer, .communeOfficer])
        #expect(!Role.allCases.contains { Role.leader.mayGrant($0) || Role.communeOfficer.mayGrant($0) || Role.departmentOfficer.mayGrant($0) })
        let leader = AccountDraft(username: "ld", displayName: nil, role: "leader", unitCode: nil, email: nil)
        #expect(leader.validate(kindOf: { kinds[$0] }, grantor: .systemAdmin) == .failure(FieldErrors([FieldError("role", .notGrantable("leader"))])))
        #expect((try? leader.validate(kindOf: { kinds[$0] }, grantor: .standingOffice).get()) != nil)
    }
}

/// Many accounts from one sheet: headed in either language, every problem named by its line, and
/// nothing valid unless every row is.
@Suite struct AccountSheetTests {
    let kinds: [String: OrgUnitKind] = ["11311": .ward, "11314": .ward, "31-CATP": .department]

    func sheet(_ rows: [[String]], header: [String] = ["Tên đăng nhập", "Họ và tên", "Vai trò", "Mã đơn vị", "Thư điện tử"]) -> Result<AccountSheet, AccountSheet.Problems> {
        AccountSheet.read([(1, header)] + rows.enumerated().map { ($0.offset + 2, $0.element) }, role: { $0 == "Cán bộ xã, phường, đặc khu" ? "commune-officer" : nil })
    }

    func problems(_ rows: [[String]], taken: Set<String> = []) throws -> [String] {
        let read = try sheet(rows).get()
        guard case .failure(let problems) = read.validate(kindOf: { kinds[$0] }, isTaken: taken.contains) else { return [] }
        return problems.list.map { "\($0.line):\($0.error.field)" }
    }

    @Test func aGoodSheetGivesEveryAccount() throws {
        let read = try sheet([
            ["canbo.11311", "Nguyễn Văn A", "Cán bộ xã, phường, đặc khu", "11311", ""],
            ["", "", "", "", ""],
            ["CanBo.11314", "Trần Thị B", "commune-officer", " 11314 ", "b@hp.gov.vn"],
        ]).get()
        let valid = try read.validate(kindOf: { kinds[$0] }, isTaken: { _ in false }).get()
        #expect(valid.map(\.username) == ["canbo.11311", "canbo.11314"])
        #expect(valid.map(\.unitCode) == ["11311", "11314"] && valid.allSatisfy { $0.role == .communeOfficer })
        #expect(valid[1].email == "b@hp.gov.vn")
    }

    @Test func englishHeadingsInAnyOrderAreRead() throws {
        let read = try sheet([["commune-officer", "11311", "x.y"]], header: ["Role", "Unit", "Username"]).get()
        #expect(read.rows.first?.draft == AccountDraft(username: "x.y", displayName: nil, role: "commune-officer", unitCode: "11311", email: nil))
    }

    @Test func everyProblemIsNamedByLineAndField() throws {
        let found = try problems([
            ["canbo.a", "A", "commune-officer", "11311", ""],
            ["canbo.a", "A again", "commune-officer", "11314", ""],
            ["canbo b", "B", "commune-officer", "11311", ""],
            ["canbo.c", "C", "commune-officer", "31-CATP", ""],
            ["canbo.d", "D", "boss", "", "not-an-address"],
            ["canbo.e", "E", "commune-officer", "99999", ""],
            ["taken.one", "F", "leader", "", ""],
        ], taken: ["taken.one"])
        #expect(found == ["3:username", "4:username", "5:unit", "6:role", "6:email", "7:unit", "8:username"])
    }

    @Test func aSheetWithoutItsColumnsOrRowsIsRefused() throws {
        guard case .failure(let missing) = sheet([["a"]], header: ["Họ và tên"]) else { Issue.record("read"); return }
        #expect(missing.list.map(\.error.field) == ["username", "role"])
        #expect(try problems([]) == ["2:username"])
        let tooMany = (0...AccountSheet.maximumRows).map { ["u\($0)", "", "leader", "", ""] }
        guard case .failure(let bounded) = sheet(tooMany) else { Issue.record("bounded"); return }
        #expect(bounded.list.map(\.line) == [AccountSheet.maximumRows + 2])
    }
}
