import Testing
@testable import SafeguardCore

@Suite struct OrganisationTests {
    let directory = Fixtures.directory

    @Test func agencyReferencesRoundTrip() {
        for text in ["31-CATP", "@departments", "@localities", "@mass-organisations", "@children:31-MTTQ"] {
            #expect(AgencyReference(text)?.text == text)
        }
        #expect(AgencyReference("@everyone") == nil)
        #expect(AgencyReference("@children:") == nil)
        #expect(AgencyReference("  ") == nil)
    }

    @Test func groupsResolveWithinTheProvince() {
        #expect(directory.members(of: .localities, province: "31").map(\.code).sorted() == ["11311", "11312"])
        #expect(directory.members(of: .departments, province: "31").map(\.code).sorted() == ["31-CATP", "31-STP"])
        #expect(directory.members(of: .massOrganisations, province: "31").map(\.code).sorted() == ["31-LDLD", "31-MTTQ"])
        #expect(directory.members(of: .localities, province: "01").map(\.code) == ["00004"])
    }

    @Test func resolutionErrors() {
        #expect(directory.resolve(["@nobody"], province: "31") == .failure(.malformed("@nobody")))
        #expect(directory.resolve(["31-XX"], province: "31") == .failure(.unknownUnit("31-XX")))
        #expect(directory.resolve(["@children:31-XX"], province: "31") == .failure(.unknownUnit("31-XX")))
    }

    @Test func ancestry() {
        #expect(directory.isWithin("11311-T1", ancestor: "11311"))
        #expect(directory.isWithin("11311", ancestor: "11311"))
        #expect(!directory.isWithin("11312", ancestor: "11311"))
        #expect(directory.province(of: "11311-T1")?.code == "31")
        #expect(directory.province(of: "31-LDLD")?.code == "31")
        // The province's own children are its localities; bodies sit under the steering committee.
        #expect(directory.children(of: "31").allSatisfy { $0.kind.isLocality })
        #expect(directory.subtree(of: "11311").map(\.code).sorted() == ["11311", "11311-T1"])
    }

    @Test func kindsBelowACommune() {
        #expect(OrgUnitKind.commune.allowedChildKinds.contains(.village))
        #expect(!OrgUnitKind.village.isLocality && OrgUnitKind.village.isGrassroots)
        #expect(OrgUnitKind.specialZone.isLocality)
    }

    @Test(arguments: [
        ("Thủy Nguyên", "thuy nguyen"), ("ĐẶC KHU BẠCH LONG VĨ", "dac khu bach long vi"),
        ("  Phường   Hồng  Bàng ", "phuong hong bang"), ("Thuỷ Nguyên", "thuy nguyen"),
    ])
    func folding(_ input: String, _ expected: String) {
        #expect(VietnameseFolding.fold(input) == expected)
    }
}

@Suite struct CSVReaderTests {
    @Test func quotedFieldsLineBreaksAndExcelHabits() throws {
        let text = "\u{FEFF}a;b;c\r\n1;\"x; \"\"y\"\"\";3\r\n\r\n2;\"multi\nline\";\n"
        let records = try CSVReader().records(in: text)
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[1].fields == ["1", "x; \"y\"", "3"])
        #expect(records[2].fields == ["2", "multi\nline", ""])
        #expect(throws: CSVReader.Failure.unterminatedQuote(line: 2)) { try CSVReader().records(in: "a,b\n\"open,1\n") }
        #expect(CSVReader.quote("Trộm cắp, tại chợ") == "\"Trộm cắp, tại chợ\"")
    }

    @Test func vietnameseHeadersMapToFields() {
        let map = ImportColumns.map(header: ["SỐ VỤ ÁN", "dieu", "Khoản", "Ngày phát hiện", "unknown"], columns: ImportColumns.cases)
        #expect(map == ["code": 0, "article": 1, "clause": 2, "discovered_on": 3])
        #expect(ImportColumns.normalise("Kiến nghị khởi tố", labels: ImportColumns.kindLabels) == "prosecution-request")
    }
}
