import Fluent
import SafeguardCore
import Vapor

/// A few made-up people on the registers of the demo accounts' wards (the names and numbers are
/// invented), with events that start the clocks, so the people pages have something to show.
struct DemoPeople {
    let db: any Database
    let cipher: FieldCipher
    let index: BlindIndex
    let limits: StatutoryLimits

    func load(today: CalendarDate) async throws {
        let sealer = try await cipher.sealer(for: .people, on: db)
        let people: [(ManagedPersonDraft, [(PersonEventKind, Int, SupportKind?)])] = [
            (ManagedPersonDraft(kind: "released-from-prison", fullName: "Trần Văn Mẫu", birthDate: "1988-05-14", idNumber: "031088000111",
                                address: "Số 12 phố Minh Khai, phường Hồng Bàng", unit: "11311", basisNumber: "125/GCN-TG",
                                basisDate: today.adding(days: -40).description, basisIssuer: "Trại giam Xuân Nguyên",
                                startedOn: today.adding(days: -35).description),
             [(.noticeReceived, -38, nil), (.residenceChecked, -36, nil), (.intake, -34, nil), (.support, -20, .vocationalTraining)]),
            (ManagedPersonDraft(kind: "drug-user", fullName: "Lê Thị Thử", birthDate: "1995-11-02", idNumber: "031195000222",
                                address: "Tổ dân phố 2, phường Hồng Bàng", unit: "11311", basisNumber: "18/QĐ-UBND",
                                basisDate: today.adding(days: -200).description, basisIssuer: "Ủy ban nhân dân phường Hồng Bàng",
                                startedOn: today.adding(days: -199).description),
             [(.contact, -60, nil)]),
            (ManagedPersonDraft(kind: "released-from-prison", fullName: "Phạm Văn Minh Họa", birthDate: "1990-01-20", idNumber: "031090000333",
                                address: "Thôn 1, phường Thủy Nguyên", unit: "11560", basisNumber: "77/TB-TG",
                                basisDate: today.adding(days: -3).description, basisIssuer: "Trại giam Xuân Nguyên",
                                startedOn: today.adding(days: -2).description),
             [(.noticeReceived, -2, nil)]),
        ]
        try await db.transaction { db in
            for (draft, events) in people {
                guard case .success(let valid) = draft.validate(today: today, limits: limits),
                      let unit = try await OrgUnit.find(code: valid.unit, on: db) else { continue }
                let row = try PeopleRegister.newRow(valid, in: unit, helper: nil, officer: nil, sealer: sealer, index: index)
                try await row.create(on: db)
                for (kind, days, support) in events {
                    let e = PersonEventRow()
                    e.$person.id = try row.requireID()
                    e.kind = kind
                    e.happenedAt = today.adding(days: days).startInVietnam.addingTimeInterval(9 * 3600)
                    e.recordedAt = e.happenedAt
                    e.unitCode = unit.code
                    e.recordedBy = "demo"
                    e.supportKind = support
                    try await e.create(on: db)
                }
            }
        }
    }
}
