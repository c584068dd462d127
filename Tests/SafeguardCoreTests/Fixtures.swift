@testable import SafeguardCore

/// A small province: city 31 with two localities, a village, two departments and the Front.
enum Fixtures {
    static let directory = UnitDirectory([
        UnitSummary(code: "31", name: "Thành phố Hải Phòng", kind: .province, parentCode: nil, provinceCode: "31"),
        UnitSummary(code: "11311", name: "Phường Hồng Bàng", kind: .ward, parentCode: "31", provinceCode: "31"),
        UnitSummary(code: "11312", name: "Xã Thủy Nguyên", kind: .commune, parentCode: "31", provinceCode: "31"),
        UnitSummary(code: "11311-T1", name: "Tổ dân phố số 1", kind: .residentialGroup, parentCode: "11311", provinceCode: "31"),
        UnitSummary(code: "31-BCD799", name: "Ban Chỉ đạo 799 thành phố Hải Phòng", kind: .committee, parentCode: nil, provinceCode: "31"),
        UnitSummary(code: "31-CATP", name: "Công an thành phố", kind: .department, parentCode: "31-BCD799", provinceCode: "31"),
        UnitSummary(code: "31-STP", name: "Sở Tư pháp", kind: .department, parentCode: "31-BCD799", provinceCode: "31"),
        UnitSummary(code: "31-MTTQ", name: "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố", kind: .massOrganisation, parentCode: "31-BCD799", provinceCode: "31"),
        UnitSummary(code: "31-LDLD", name: "Liên đoàn Lao động thành phố", kind: .massOrganisation, parentCode: "31-MTTQ", provinceCode: "31"),
        UnitSummary(code: "01", name: "Thành phố Hà Nội", kind: .province, parentCode: nil, provinceCode: "01"),
        UnitSummary(code: "00004", name: "Phường Ba Đình", kind: .ward, parentCode: "01", provinceCode: "01"),
    ])

    static func task(_ id: String, lead: [String], coordinating: [String]? = nil, items: [TaskDefinition]? = nil) -> TaskDefinition {
        TaskDefinition(id: id, text: "Nhiệm vụ \(id)", agencies: "…", lead: lead, coordinating: coordinating, items: items)
    }

    static func plan() -> PlanDocument {
        PlanDocument(
            schema: "safeguard-plan/1",
            plan: PlanHeader(
                key: "hai-phong-799-2026", number: "45/KH-BCĐ", date: "2026-02-05", year: 2026, province: "31",
                issuer: "Ban Chỉ đạo 799", title: "Kế hoạch", basis: nil,
                signer: PlanSigner(name: "Người ký", position: "Phó Chủ tịch", capacity: nil), recipients: nil),
            purposes: [PlanPurpose(id: "I.1", text: "Mục tiêu")],
            targets: [
                TargetDefinition(id: "T1", text: "ít nhất 12%", metric: "ttxh-cases", comparison: "<=", threshold: 88,
                                 unit: "percent-of-baseline", baseline: .init(year: 2025)),
                TargetDefinition(id: "T5", text: "trên 95%", metric: "clearance-rate", comparison: ">", threshold: 95,
                                 unit: "percent", filter: .init(severities: ["very-serious", "especially-serious"])),
            ],
            sections: [
                PlanSection(id: "II.1", title: "Lãnh đạo", tasks: [
                    task("II.1.1", lead: ["@departments", "@localities"]),
                    task("II.1.2", lead: ["31-CATP"], coordinating: ["@departments", "@localities"]),
                ]),
                PlanSection(id: "II.2", title: "Phòng ngừa", tasks: [], groups: [
                    PlanSection(id: "II.2.a", title: "Phòng ngừa xã hội", tasks: [
                        task("II.2.a.1", lead: ["31-STP"], items: [task("II.2.a.1.1", lead: ["31-MTTQ", "@children:31-MTTQ"])]),
                    ]),
                ]),
            ],
            duties: [PlanDutyDefinition(id: "III.1", text: "Xây dựng kế hoạch", responsible: ["@departments"])])
    }
}
