import Fluent
import SafeguardCore
import Vapor

/// Bàn tiếp nhận: every write and read of citizens' reports, for the public pages (by receipt)
/// and the officers' queue (by scope). Nothing here ever reads or keeps the client's address;
/// the audit entries of the public side name the actor "cổng công khai" and no address.
struct TipDesk {
    let req: Request

    var db: any Database { req.db }
    var keys: PortalKeys { PortalKeys(master: req.application.masterKey) }
    var channels: TipChannels { req.application.referenceData.tipChannels }
    private var cipher: FieldCipher { req.fieldCipher }

    static let portalActor = "cổng công khai"

    enum Failure: Error {
        case invalid([FieldError])
    }

    // MARK: Routing

    /// Whether a unit has an active officer to read what arrives (a channel nobody reads is not published).
    func staffed(_ code: String) async throws -> Bool {
        guard let unit = try await OrgUnit.find(code: code, on: db) else { return false }
        return try await User.query(on: db).filter(\.$unit.$id == unit.requireID()).filter(\.$isActive == true)
            .filter(\.$role ~~ [.communeOfficer, .departmentOfficer, .standingOffice]).count() > 0
    }

    /// The channels the form offers: a unit's when it has someone; the communes' when the
    /// fallback or at least one commune has someone (a commune without is covered by the fallback,
    /// or refused at submission with the reason).
    func published() async throws -> [TipChannel] {
        var offered: [TipChannel] = []
        var communesStaffed = try await staffed(channels.fallback)
        if !communesStaffed {
            let units = try await User.query(on: db).filter(\.$isActive == true).filter(\.$role == .communeOfficer).with(\.$unit).all().compactMap(\.unit)
            communesStaffed = units.contains { $0.kind.isLocality }
        }
        for channel in channels.channels {
            switch channel.route {
            case .unit(let code): if try await staffed(code) { offered.append(channel) }
            case .commune: if communesStaffed { offered.append(channel) }
            }
        }
        return offered
    }

    /// The unit that receives a report of `channel` about `commune`.
    func receiver(_ channel: TipChannel, commune: String) async throws -> OrgUnit? {
        let candidates: [String] = switch channel.route {
        case .unit(let code): [code]
        case .commune: [commune, channels.fallback]
        }
        var staff: [String: Bool] = [:]
        for code in candidates { staff[code] = try await staffed(code) }
        guard let code = channels.receiver(of: channel, commune: commune, staffed: { staff[$0] ?? false }) else { return nil }
        return try await OrgUnit.find(code: code, on: db)
    }

    /// The communes a report may be about: the province's commune-level units.
    func communes() async throws -> [OrgUnit] {
        guard let province = try await PlanRepository(db: db).defaultProvince() else { return [] }
        return try await Scope.province(province).filter(OrgUnit.query(on: db)).filter(\.$kind ~~ [.ward, .commune, .specialZone]).sort(\.$name).all()
    }

    // MARK: Submitting

    /// Stores a report and its files, all or nothing; a confidential report (an identified
    /// denunciation) becomes a crime report at once, its legal clock running from now.
    func submit(_ report: ValidCitizenReport, files: [(kind: AttachmentKind, bytes: Data)]) async throws -> (CitizenReport, Receipt) {
        guard let channel = channels.channel(report.category), let place = try await OrgUnit.find(code: report.commune, on: db),
              place.kind.isLocality else {
            throw Failure.invalid([FieldError("commune", .unknownUnit(report.commune))])
        }
        guard let unit = try await receiver(channel, commune: place.code) else { throw Failure.invalid([FieldError("commune", .notAllowed)]) }
        var generator = SystemRandomNumberGenerator()
        let receipt = Receipt.generate(using: &generator)
        let now = req.now
        let sealer = try await cipher.sealer(for: .people, on: db)
        let row = CitizenReport()
        row.id = UUID()
        row.publicID = String(format: "%012llu", UInt64.random(in: 0..<1_000_000_000_000, using: &generator))
        row.receiptHash = keys.hash(receipt)
        row.category = channel.code
        row.placeCommune = place.code
        row.$unit.id = try unit.requireID()
        (row.unitPath, row.provinceCode, row.communeCode) = (unit.path, unit.provinceCode, unit.code)
        row.mode = report.mode
        row.reporter = try report.reporter.map { r in
            try sealer.seal(String(decoding: try JSONEncoder().encode(CitizenReport.Reporter(name: r.name, contact: r.contact, idNumber: r.idNumber)),
                                   as: UTF8.self), for: .tipReporter)
        }
        row.description = try sealer.seal(report.description, for: .tipDescription)
        row.place = try report.place.map { try sealer.seal($0, for: .tipPlace) }
        row.occurredOn = report.occurredOn?.description
        (row.latitude, row.longitude) = (report.latitude, report.longitude)
        row.state = .received
        row.receivedAt = now
        // The end of the answer time's last day (`due_at` is the first instant after the limit).
        row.dueAt = CalendarDate(now).adding(days: req.application.settings.tipAnswerDays + 1).startInVietnam
        let fileSealer = try await cipher.sealer(for: .evidence, on: db)
        let attachments = try files.map { file in
            let a = CitizenAttachment()
            a.$report.id = row.id!
            (a.kind, a.size) = (file.kind, file.bytes.count)
            a.bytes = try fileSealer.seal(file.bytes, for: .tipAttachment)
            return a
        }
        let crimeReport = report.reporter.map { _ in
            crimeReportDraft(row, kind: .denunciation, category: channel.crimeCategory, received: CalendarDate(now), summary: report.description)
        }
        let writer = CrimeRecordWriter(db: db, reference: req.application.referenceData, cipher: cipher)
        var placement = writer
        let crimePlace = try await placement.placement(of: unit.code)
        try await db.writeTransaction { [row, attachments] db in
            if let crimeReport, let crimePlace {
                try await writer.insert(reports: [(crimeReport, crimePlace)], on: db, now: now, actor: Self.portalActor)
                row.crimeReportCode = crimeReport.code
                row.state = .inProcedure
                if let due = try await Self.dueAt(ofCrimeReport: crimeReport.code, on: db) { row.dueAt = due }
            }
            try await row.create(on: db)
            for a in attachments { try await a.create(on: db) }
            try await AuditEntry(at: now, userID: nil, actor: Self.portalActor, action: "receive", entity: "citizen-report", entityKey: row.publicID,
                                 detail: "mode=\(report.mode.rawValue) unit=\(unit.code)", ip: nil).append(on: db)
        }
        return (row, receipt)
    }

    /// The first instant after a crime report's legal deadline (its last day ends then): a citizen's
    /// report that became one is due when it is.
    static func dueAt(ofCrimeReport code: String, on db: any Database) async throws -> Date? {
        try await CrimeReport.query(on: db).filter(\.$code == code).first()?.deadlineOn.flatMap(CalendarDate.init(iso:))?.adding(days: 1).startInVietnam
    }

    /// The crime report a citizen's report becomes: an identified one a denunciation (tố giác)
    /// received when it came, an anonymous one information (tin báo) received when an officer
    /// verified it. The source names the portal and the report's number, never the reporter (the
    /// crime records are read more widely than the receiving unit); the summary is the citizen's words.
    func crimeReportDraft(_ row: CitizenReport, kind: CrimeReportKind, category: String, received: CalendarDate, summary: String) -> ValidReport {
        ValidReport(code: "\(kind == .denunciation ? "TG" : "TB")-\(row.publicID)", kind: kind, unit: row.communeCode,
                    source: "Người dân, qua cổng tiếp nhận (\(kind == .denunciation ? "bảo mật danh tính" : "ẩn danh"); phản ánh số \(row.publicID))",
                    category: category, summary: String(summary.prefix(2000)), lifecycle: CrimeReportLifecycle(receivedOn: received))
    }
}
