import Foundation

/// Danh sách tài khoản: many accounts from one spreadsheet — one per commune officer of the 114
/// units, say. Every row is checked by the same rules as the account form (`AccountDraft`), plus
/// what only a sheet can get wrong: a username given twice, or already taken. The sheet is all or
/// nothing: any problem, named by its row, and no account is created, so a corrected sheet can be
/// uploaded again without creating half of it twice.
public struct AccountSheet: Sendable, Equatable {
    /// The columns, by the core's field name, and the headings accepted for each (folded: no
    /// diacritics, lower case), so a sheet headed in Vietnamese or English both work.
    public static let headings: [(field: String, names: [String])] = [
        ("username", ["username", "ten dang nhap"]),
        ("display_name", ["display_name", "display name", "full name", "ho va ten", "ho ten"]),
        ("role", ["role", "vai tro"]),
        ("unit", ["unit", "unit code", "ma don vi", "don vi"]),
        ("email", ["email", "e-mail", "thu dien tu"]),
    ]

    /// The accounts one sheet may create: the commune officers of a province many times over, while
    /// bounding the bcrypt work one upload costs.
    public static let maximumRows = 1_000

    /// A row at fault: its line in the sheet (the header is line 1) and what is wrong.
    public struct Problem: Sendable, Equatable {
        public var line: Int
        public var error: FieldError
        public init(line: Int, error: FieldError) { (self.line, self.error) = (line, error) }
    }

    /// Every row at fault, in the sheet's order.
    public struct Problems: Error, Sendable, Equatable {
        public var list: [Problem]
        public init(_ list: [Problem]) { self.list = list }
    }

    /// The rows as typed, with their lines.
    public var rows: [(line: Int, draft: AccountDraft)]

    public static func == (a: AccountSheet, b: AccountSheet) -> Bool {
        a.rows.map(\.line) == b.rows.map(\.line) && a.rows.map(\.draft) == b.rows.map(\.draft)
    }

    /// The rows of a sheet read as text (header first). `role` turns what a cell says of the role
    /// (`commune-officer`, or its name in either language) into the role's code.
    public static func read(_ records: [(line: Int, fields: [String])], role: (String) -> String? = { $0 }) -> Result<AccountSheet, Problems> {
        guard let header = records.first else { return .failure(Problems([Problem(line: 1, error: FieldError("username", .required))])) }
        let folded = header.fields.map { VietnameseFolding.fold($0).trimmingCharacters(in: .whitespaces) }
        var column: [String: Int] = [:]
        for (field, names) in headings {
            if let index = folded.firstIndex(where: names.contains) { column[field] = index }
        }
        let missing = ["username", "role"].filter { column[$0] == nil }
        guard missing.isEmpty else { return .failure(Problems(missing.map { Problem(line: header.line, error: FieldError($0, .required)) })) }
        let body = records.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard body.count <= maximumRows else {
            return .failure(Problems([Problem(line: body[body.startIndex + maximumRows].line, error: FieldError("username", .outOfRange("≤ \(maximumRows)")))]))
        }
        func cell(_ fields: [String], _ field: String) -> String? {
            column[field].flatMap { $0 < fields.count ? fields[$0] : nil }
        }
        return .success(AccountSheet(rows: body.map { record in
            let roleText = cell(record.fields, "role")?.trimmingCharacters(in: .whitespaces)
            return (record.line, AccountDraft(username: cell(record.fields, "username"), displayName: cell(record.fields, "display_name"),
                                              role: roleText.map { role($0) ?? $0 }, unitCode: cell(record.fields, "unit"),
                                              email: cell(record.fields, "email")))
        }))
    }

    /// Every row checked: the accounts to create, or every problem with its line. `kindOf` answers
    /// a unit code's kind (nil for no such unit); `isTaken` whether a username is in use already.
    public func validate(kindOf: (String) -> OrgUnitKind?, isTaken: (String) -> Bool, grantor: Role? = nil) -> Result<[AccountDraft.Valid], Problems> {
        var problems: [Problem] = []
        var valid: [AccountDraft.Valid] = []
        var seen: [String: Int] = [:]
        for (line, draft) in rows {
            switch draft.validate(kindOf: kindOf, grantor: grantor) {
            case .failure(let errors): problems += errors.errors.map { Problem(line: line, error: $0) }
            case .success(let account):
                if seen[account.username] != nil {
                    problems.append(Problem(line: line, error: FieldError("username", .repeatedInFile(account.username))))
                } else if isTaken(account.username) {
                    problems.append(Problem(line: line, error: FieldError("username", .taken(account.username))))
                } else {
                    seen[account.username] = line
                    valid.append(account)
                }
            }
        }
        if rows.isEmpty { problems.append(Problem(line: 2, error: FieldError("username", .required))) }
        return problems.isEmpty ? .success(valid) : .failure(Problems(problems))
    }
}
