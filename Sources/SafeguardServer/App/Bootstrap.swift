import Fluent
import SafeguardCore
import Vapor

/// First start: on an empty database, load Hải Phòng's units and bodies, the 2026 plan and,
/// unless disabled, demo sub-units and demo accounts with a one-time password.
struct Bootstrap {
    let app: Application

    /// The files a fresh installation starts from.
    static let unitCatalog = "Data/units/hai-phong.json"
    static let bodiesCatalog = "Data/units/hai-phong-bodies.yaml"
    static let plan = "Data/plans/hai-phong-2026.yaml"
    /// Size of the synthetic history on first start: enough for every commune to show a trend.
    static let demoCasesPerYear = 3000

    func run() async throws {
        guard try await OrgUnit.query(on: app.db).count() == 0 else { return }
        let settings = app.settings
        let units = UnitCatalogImporter(db: app.db)
        _ = try await units.importFile(at: settings.resource(Self.unitCatalog))
        _ = try await units.importFile(at: settings.resource(Self.bodiesCatalog))
        _ = try await PlanImporter(db: app.db, clock: app.clock).importFile(at: settings.resource(Self.plan), importedBy: "bootstrap")
        app.logger.notice("Loaded Hải Phòng's units and the 2026 plan.")
        guard settings.loadsDemoData, let provinceCode = try await PlanRepository(db: app.db).defaultProvince() else { return }
        try await DemoData(db: app.db).addSubUnits()
        let today = app.clock.today
        // Four years back, so every commune has the 3 years the early warning needs whatever the
        // month; a run of thefts in Hồng Bàng (a demo account's ward) since the last closed
        // statistical month began, for the early warning to find; and made-up coordinates around
        // the city centre for the hotspot map (not the real geography).
        let surge = SyntheticHistory.Surge(commune: "11311", article: 173, from: StatisticalMonth(containing: today).advanced(by: -1).start, perDay: 0.4)
        let loaded = try await DemoHistory(db: app.db, reference: app.referenceData, clock: app.clock, cipher: app.fieldCipher)
            .load(province: provinceCode, from: CalendarDate(year: today.year - 4, month: 1, day: 1)!, to: today, casesPerYear: Self.demoCasesPerYear,
                  surges: [surge], layoutCentre: (20.8449, 106.6881))
        app.logger.notice("Loaded a synthetic crime history (demo data, not real): \(loaded.cases) cases, \(loaded.reports) reports.")
        // The early warning examines the last closed week and month now, so its page has something to show.
        if let city = try await OrgUnit.find(code: provinceCode, on: app.db) {
            try await EarlyWarningService(db: app.db, watches: app.referenceData.watches).runDue(province: city, clock: app.clock)
        }
        let password = settings.demoPassword ?? AccountAdministration.oneTimePassword()
        let accounts = try await DemoData(db: app.db).addAccounts(password: password, hasher: app.password)
        try await DemoPeople(db: app.db, cipher: app.fieldCipher, index: BlindIndex(master: app.masterKey, field: .identityNumber),
                             limits: app.referenceData.statutoryLimits).load(today: today)
        let lines = accounts.map { "  \($0.username.padding(toLength: 16, withPad: " ", startingAt: 0)) \($0.role.rawValue)\($0.unit.map { " — \($0)" } ?? "")" }
        app.logger.notice("""
            Demo accounts (one-time password, change it at first login): \(password)
            \(lines.joined(separator: "\n"))
            """)
    }
}
