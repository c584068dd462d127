import Fluent
import Testing
import Vapor
import VaporTesting
@testable import SafeguardCore
@testable import SafeguardServer

extension ServerTests {
    @Suite struct UnitDirectoryTests {
        @Test func haiPhongHas114CommuneLevelUnitsWithOfficialCodes() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "reader", role: .leader)
                try await app.testing().test(.GET, "/api/v1/units?parent=31", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .ok)
                    let list = try res.content.decode(UnitAPIController.UnitList.self)
                    #expect(list.total == 114)
                    #expect(list.units.count == 114)
                    let kinds = Dictionary(grouping: list.units, by: \.kind).mapValues(\.count)
                    #expect(kinds == [.ward: 45, .commune: 67, .specialZone: 2])
                    #expect(list.units.allSatisfy { $0.code.count == 5 && $0.code.allSatisfy(\.isNumber) })
                    #expect(list.units.contains { $0.code == "11311" && $0.name == "Phường Hồng Bàng" })
                    #expect(Set(list.units.filter { $0.kind == .specialZone }.map(\.name)) == ["Đặc khu Cát Hải", "Đặc khu Bạch Long Vĩ"])
                }
            }
        }

        @Test func searchWithoutDiacriticsFindsVietnameseNames() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "reader", role: .leader)
                try await app.testing().test(.GET, "/api/v1/units?q=thuy%20nguyen", headers: ["Authorization": "Bearer \(token)"]) { res in
                    let list = try res.content.decode(UnitAPIController.UnitList.self)
                    #expect(list.units.map(\.name).contains("Phường Thủy Nguyên"))
                }
                try await app.testing().test(.GET, "/api/v1/units?q=" + "Thủy Nguyên".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!,
                                             headers: ["Authorization": "Bearer \(token)"]) { res in
                    let list = try res.content.decode(UnitAPIController.UnitList.self)
                    #expect(list.units.map(\.name).contains("Phường Thủy Nguyên"))
                }
                var browser = Browser(app)
                try await browser.login("reader")
                let page = try await browser.get("/units?q=thuy+nguyen")
                #expect(page.body.string.contains("Phường Thủy Nguyên"))
            }
        }

        @Test func cityBodiesSitUnderTheSteeringCommittee() async throws {
            try await withSafeguardApp { app in
                let token = try await app.token(for: "reader", role: .leader)
                try await app.testing().test(.GET, "/api/v1/units?parent=31-BCD799&kind=department", headers: ["Authorization": "Bearer \(token)"]) { res in
                    let list = try res.content.decode(UnitAPIController.UnitList.self)
                    #expect(list.units.contains { $0.code == "31-CATP" && $0.name == "Công an thành phố" })
                    #expect(list.units.count == 17)
                }
                try await app.testing().test(.GET, "/api/v1/units?kind=nonsense", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .badRequest)
                }
                try await app.testing().test(.GET, "/api/v1/units?parent=99999", headers: ["Authorization": "Bearer \(token)"]) { res in
                    #expect(res.status == .notFound)
                }
            }
        }

        @Test func nationalCatalogueLoadsAll3321Units() async throws {
            try await withSafeguardApp(seed: false) { app in
                let path = app.settings.resource("Data/units/vietnam.json")
                let counts = try await UnitCatalogImporter(db: app.db).importFile(at: path)
                #expect(counts == .init(added: 34 + 3321, updated: 0, unchanged: 0))
                let again = try await UnitCatalogImporter(db: app.db).importFile(at: path)
                #expect(again == .init(added: 0, updated: 0, unchanged: 34 + 3321))
                #expect(try await OrgUnit.query(on: app.db).filter(\.$kind == .province).count() == 34)
                #expect(try await OrgUnit.query(on: app.db).filter(\.$provinceCode == "31").count() == 115)
            }
        }

        @Test func catalogueWithUnknownParentImportsNothing() async throws {
            try await withSafeguardApp(seed: false) { app in
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("bodies-\(UUID()).yaml").path
                try """
                province: "31"
                committee: { code: 31-BCD799, name: "Ban Chỉ đạo 799" }
                bodies:
                  - { code: 31-A, kind: department, name: "Sở A" }
                  - { code: 31-B, kind: mass-organisation, name: "Hội B", parent: 31-NOPE }
                """.write(toFile: file, atomically: true, encoding: .utf8)
                await #expect(throws: UnitCatalogImporter.Failure.self) {
                    try await UnitCatalogImporter(db: app.db).importFile(at: file)
                }
                #expect(try await OrgUnit.query(on: app.db).count() == 0)
            }
        }
    }
}
