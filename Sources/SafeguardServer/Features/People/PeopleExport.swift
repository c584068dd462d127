import Fluent
import SafeguardCore
import Vapor

/// Xuất danh sách: the standing office's Excel export of a unit's registers with identities.
/// Each page printed carries who exported it and when (`XLSXWriter`'s watermark), the last row
/// repeats it, and every person exported gets their own audit entry, so a person's history of
/// access shows the export as it shows a reading.
struct PeopleExport {
    let req: Request

    func workbook(of unit: OrgUnit) async throws -> Data {
        let register = PeopleRegister(req: req)
        let people = try await register.list(in: unit)
        let user = try req.user
        let watermark = "MẬT — \(user.username) (\(user.displayName)) — \(Formatting.instant(req.now, .vi)) — \(unit.name)"
        var rows: [[XLSXCell]] = [[
            "Mã hồ sơ", "Sổ quản lý", "Đơn vị quản lý", "Họ và tên", "Ngày sinh", "Số định danh", "Nơi cư trú", "Số quyết định/thông báo",
            "Ngày quyết định", "Cơ quan ban hành", "Ngày bắt đầu", "Ngày kết thúc", "Trạng thái", "Người giúp đỡ",
        ]]
        for p in people {
            let identity = try await register.unsealedIdentity(p)
            rows.append([
                .text(p.code), .text(req.t(p.kind.localizationKey)), .text(p.unit.name), .text(identity?.fullName ?? ""),
                .date(iso: identity?.birthDate), .text(identity?.idNumber ?? ""), .text(identity?.address ?? ""),
                .text(try await register.basisNumber(of: p) ?? ""), .date(iso: p.basisDate), .text(p.basisIssuer), .date(iso: p.startedOn),
                .date(iso: p.endsOn), .text(p.closedOn == nil ? "Đang quản lý" : "Đã kết thúc"), .text(try await register.helper(of: p) ?? ""),
            ])
        }
        rows.append([.text(watermark)])
        let codes = people.map(\.code)
        try await req.db.writeTransaction { db in
            for code in codes { try await req.audit("export", "managed-person", key: code, detail: "unit=\(unit.code)", on: db) }
            try await req.audit("export", "people-register", key: unit.code, detail: "count=\(codes.count)", on: db)
        }
        return try XLSXWriter.workbook(sheets: [("Người được quản lý", rows)], watermark: watermark)
    }
}
