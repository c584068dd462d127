import Crypto
import Fluent
import SafeguardCore
import Vapor

/// `/tip`: the citizens' portal — no account, no session, no cookie but the language, nothing
/// kept about the device. What can be reported and what happens next; the form (proof of work,
/// a honeypot, limits); the receipt, which the citizen must confirm they saved; the status and
/// the messages, reached only with the receipt; the citizen's answer once it is resolved; the
/// public statistics.
struct PortalController: RouteCollection {
    /// Five files of at most 20 MB each, and the form's text.
    static let maximumBody: ByteCount = "101mb"
    static let maximumFile = 20 * 1_048_576
    static let maximumFiles = 5
    /// A form sent without proof of work (no JavaScript) must have been open this long: a person
    /// fills it in; a script that does not wait pays in time instead of work.
    static let minimumFormSeconds: TimeInterval = 15
    /// A challenge is good for this long after the form was shown.
    static let challengeLifetime: TimeInterval = 3 * 3600

    func boot(routes: any RoutesBuilder) throws {
        let tip = routes.grouped("tip")
        tip.get(use: home)
        tip.get("new", use: form)
        tip.on(.POST, "new", body: .collect(maxSize: Self.maximumBody), use: submit)
        tip.post("receipt", use: confirmReceipt)
        tip.get("status", use: lookup)
        tip.post("status", use: status)
        tip.post("message", use: message)
        tip.post("feedback", use: feedback)
        tip.get("statistics", use: statistics)
    }

    // MARK: Pages

    struct HomePage: Encodable {
        var page: PageContext
        var channels: [Choice]
    }

    func home(req: Request) async throws -> View {
        let channels = try await TipDesk(req: req).published()
        return try await req.page("tip/home", HomePage(page: PageContext(req, title: req.t("tip_home_title")),
                                                      channels: channels.map { Choice(value: $0.code, label: Self.name($0, req)) }))
    }

    static func name(_ channel: TipChannel, _ req: Request) -> String { req.language == .vi ? channel.name : channel.nameEnglish }

    struct FormPage: Encodable {
        var page: PageContext
        var channels: [Choice]
        var communes: [Choice]
        var query: String
        var values: [String: String]
        var challenge: String
        var difficulty: Int
        var errors: FormErrors
        var filesAgain: Bool
    }

    static let labels: [String: String] = [
        "category": "tip_category", "commune": "tip_commune", "occurred_on": "tip_occurred_on", "place": "tip_place",
        "description": "tip_description", "latitude": "tip_latitude", "longitude": "tip_longitude", "mode": "tip_mode",
        "reporter_name": "tip_reporter_name", "reporter_contact": "tip_reporter_contact", "reporter_id_number": "tip_reporter_id_number",
        "files": "tip_files", "proof": "tip_proof",
    ]

    /// `?q=` narrows the communes, diacritics or not ("hong bang" finds "Hồng Bàng").
    func form(req: Request) async throws -> View {
        try await renderForm(req, values: [:], query: try req.queryText("q") ?? "", errors: [])
    }

    private func renderForm(_ req: Request, values: [String: String], query: String, errors: [FieldError], status: HTTPStatus = .ok) async throws -> View {
        let desk = TipDesk(req: req)
        let folded = VietnameseFolding.fold(query)
        let communes = try await desk.communes().filter { folded.isEmpty || VietnameseFolding.fold($0.name).contains(folded) || $0.code == query }
        let recent = await req.application.portalLimits.recentSubmissions(now: req.now)
        let base = req.application.settings.tipProofBits
        let difficulty = ProofOfWork.Policy(base: base, calm: ProofOfWork.Policy.standard.calm,
                                            maximum: max(base, ProofOfWork.Policy.standard.maximum)).difficulty(recentSubmissions: recent)
        return try await req.page("tip/form", FormPage(
            page: PageContext(req, title: req.t("tip_form_title")),
            channels: try await desk.published().map { Choice(value: $0.code, label: Self.name($0, req), selected: values["category"] == $0.code) },
            communes: communes.map { Choice(value: $0.code, label: $0.name, selected: values["commune"] == $0.code || communes.count == 1) },
            query: query, values: values, challenge: desk.keys.challenge(issuedAt: req.now, difficulty: difficulty), difficulty: difficulty,
            errors: FormErrors(FieldErrors(errors), req, labels: Self.labels), filesAgain: !errors.isEmpty))
    }

    // MARK: Submitting

    struct Submission: Content {
        var category: String?
        var commune: String?
        var occurred_on: String?
        var place: String?
        var description: String?
        var latitude: String?
        var longitude: String?
        var mode: String?
        var reporter_name: String?
        var reporter_contact: String?
        var reporter_id_number: String?
        /// The honeypot: hidden from people, filled by naive robots.
        var website: String?
        var pow_challenge: String?
        var pow_nonce: String?
        var files: [File]?

        var values: [String: String] {
            ["category": category, "commune": commune, "occurred_on": occurred_on, "place": place, "description": description,
             "latitude": latitude, "longitude": longitude, "mode": mode, "reporter_name": reporter_name, "reporter_contact": reporter_contact,
             "reporter_id_number": reporter_id_number].compactMapValues { $0 }
        }
    }

    func submit(req: Request) async throws -> Response {
        let input = try req.content.decode(Submission.self)
        let limits = req.application.portalLimits
        let desk = TipDesk(req: req)
        let now = req.now
        // Typed back into the form when it is refused (the template leaves the reporter's fields empty).
        var values = input.values
        func refuse(_ errors: [FieldError], status: HTTPStatus = .unprocessableEntity) async throws -> Response {
            try await renderForm(req, values: values, query: "", errors: errors).encodeResponse(status: status, for: req)
        }
        // A robot that filled the hidden field is told it worked, and nothing is stored.
        if let trap = input.website, !trap.isEmpty {
            return try await req.page("tip/received-nothing", ["page": PageContext(req, title: req.t("tip_receipt_title"))]).encodeResponse(for: req)
        }
        try await Self.limit(req, PortalLimits.submissionsPerAddress)
        guard await limits.hasRoom(now: now) else {
            throw Abort(.serviceUnavailable, headers: ["Retry-After": "600"], reason: req.t("tip_error_busy"))
        }
        // Proof of work, or (without JavaScript) a form open long enough and a place in the city's small budget.
        guard let text = input.pow_challenge, let challenge = desk.keys.read(text), now.timeIntervalSince(challenge.issuedAt) < Self.challengeLifetime,
              challenge.issuedAt <= now.addingTimeInterval(60) else {
            values["description"] = input.description
            return try await refuse([FieldError("proof", .notMet(req.t("tip_proof_expired")))])
        }
        let withoutWork = (input.pow_nonce ?? "").isEmpty
        if !withoutWork {
            guard PortalKeys.solves(input.pow_nonce!, text, difficulty: challenge.difficulty) else {
                return try await refuse([FieldError("proof", .notMet(req.t("tip_proof_wrong")))])
            }
        } else if now.timeIntervalSince(challenge.issuedAt) < Self.minimumFormSeconds {
            return try await refuse([FieldError("proof", .notMet(req.t("tip_proof_wait")))])
        }
        let draft = CitizenReportDraft(category: input.category, commune: input.commune, occurredOn: input.occurred_on, place: input.place,
                                       description: input.description, latitude: input.latitude, longitude: input.longitude, mode: input.mode,
                                       reporterName: input.reporter_name, reporterContact: input.reporter_contact, reporterIDNumber: input.reporter_id_number)
        var errors: [FieldError] = []
        var files: [(kind: AttachmentKind, bytes: Data)] = []
        let uploads = (input.files ?? []).filter { $0.data.readableBytes > 0 }
        if uploads.count > Self.maximumFiles { errors.append(FieldError("files", .outOfRange(String(uploads.count)))) }
        for file in uploads.prefix(Self.maximumFiles) {
            let bytes = Data(buffer: file.data)
            guard bytes.count <= Self.maximumFile else { errors.append(FieldError("files", .outOfRange(file.filename))); continue }
            guard let kind = AttachmentKind.sniff(bytes.prefix(16)) else { errors.append(FieldError("files", .unknownValue(file.filename))); continue }
            files.append((kind, bytes))
        }
        let published = Set(try await desk.published().map(\.code))
        switch draft.validate(categories: published, today: req.today) {
        case .failure(let e): errors = e.errors + errors
        case .success(let valid) where errors.isEmpty:
            // A place in the city's budget for forms without proof of work, taken only by a valid report.
            if withoutWork, !(await limits.allowWithoutWork(now: now)) {
                return try await refuse([FieldError("proof", .notMet(req.t("tip_proof_wait")))])
            }
            // Spent once: a replayed stamp is refused; the expired ones are forgotten.
            try await SpentChallenge.query(on: req.db).filter(\.$expiresAt < now).delete()
            let spent = SpentChallenge()
            (spent.challengeHash, spent.expiresAt) = (challenge.digest, challenge.issuedAt.addingTimeInterval(Self.challengeLifetime))
            do { try await spent.create(on: req.db) } catch let error as any DatabaseError where error.isConstraintFailure {
                return try await refuse([FieldError("proof", .notMet(req.t("tip_proof_expired")))])
            }
            do {
                let (report, receipt) = try await desk.submit(valid, files: files)
                await limits.recordSubmission(now: now)
                return try await receiptPage(req, report: report, receipt: receipt).encodeResponse(for: req)
            } catch TipDesk.Failure.invalid(let e) {
                errors = e
            }
        case .success: break
        }
        return try await refuse(errors)
    }

    struct ReceiptPage: Encodable {
        var page: PageContext
        var receipt: String
        var groups: [String]
        var mode: String
        var error: String?
    }

    private func receiptPage(_ req: Request, report: CitizenReport, receipt: Receipt, error: String? = nil) async throws -> View {
        var page = PageContext(req, title: req.t("tip_receipt_title"))
        // Leaving this page loses the receipt: no language link on it.
        page.switchLanguage = nil
        return try await req.page("tip/receipt", ReceiptPage(page: page, receipt: receipt.description, groups: receipt.description.split(separator: " ").map(String.init),
                                                              mode: req.t(report.mode.localizationKey), error: error))
    }

    struct ReceiptInput: Content {
        var receipt: String
        var last_group: String?
    }

    /// The citizen types the receipt's last group back to show they saved it; then the status.
    func confirmReceipt(req: Request) async throws -> Response {
        let input = try req.content.decode(ReceiptInput.self)
        let (report, receipt) = try await byReceipt(req, input.receipt)
        let typed = (input.last_group ?? "").filter(\.isNumber)
        guard typed == String(receipt.digits.suffix(Receipt.groupLength)) else {
            return try await receiptPage(req, report: report, receipt: receipt, error: req.t("tip_receipt_mismatch"))
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        if report.receiptConfirmedAt == nil {
            report.receiptConfirmedAt = req.now
            try await report.save(on: req.db)
        }
        return try await statusPage(req, report, receipt: receipt).encodeResponse(for: req)
    }

    /// 429 when this address (by the day's keyed hash, never stored) has used `rule`'s places.
    static func limit(_ req: Request, _ rule: PortalLimits.Rule) async throws {
        let key = TipDesk(req: req).keys.addressKey(req.clientAddress, day: req.today)
        guard await req.application.portalLimits.allow(key, rule, now: req.now) else {
            throw Abort(.tooManyRequests, reason: req.t("tip_error_too_many"))
        }
    }

    // MARK: By receipt

    /// The report a receipt opens; 404 for any receipt that opens none (malformed or unknown alike).
    private func byReceipt(_ req: Request, _ typed: String) async throws -> (CitizenReport, Receipt) {
        let desk = TipDesk(req: req)
        try await Self.limit(req, PortalLimits.lookupsPerAddress)
        guard let receipt = Receipt(typed: typed),
              let report = try await CitizenReport.query(on: req.db).filter(\.$receiptHash == desk.keys.hash(receipt)).with(\.$unit).first() else {
            throw Abort(.notFound, reason: req.t("tip_receipt_unknown"))
        }
        return (report, receipt)
    }

    struct LookupPage: Encodable {
        var page: PageContext
        var error: String?
    }

    func lookup(req: Request) async throws -> View {
        try await req.page("tip/lookup", LookupPage(page: PageContext(req, title: req.t("tip_status_title")), error: nil))
    }

    func status(req: Request) async throws -> Response {
        let input = try req.content.decode(ReceiptInput.self)
        do {
            let (report, receipt) = try await byReceipt(req, input.receipt)
            return try await statusPage(req, report, receipt: receipt).encodeResponse(for: req)
        } catch let abort as Abort where abort.status == .notFound {
            return try await req.page("tip/lookup", LookupPage(page: PageContext(req, title: req.t("tip_status_title")), error: abort.reason))
                .encodeResponse(status: .notFound, for: req)
        }
    }

    struct StatusPage: Encodable {
        struct Message: Encodable {
            var from: String
            var at: String
            var text: String
            var mine: Bool
        }

        var page: PageContext
        var receipt: String
        var publicID: String
        var state: String
        var stateCode: String
        var unit: String
        var receivedAt: String
        var note: String?
        var messages: [Message]
        var canWrite: Bool
        var asksFeedback: Bool
        var feedback: String?
        var error: String?
    }

    /// The status as the citizen sees it: the state, who has it ("Công an phường X"), the messages —
    /// never an officer's name, never investigative detail.
    private func statusPage(_ req: Request, _ report: CitizenReport, receipt: Receipt, error: String? = nil) async throws -> View {
        let desk = TipDesk(req: req)
        let messages = try await desk.messages(of: report)
        let unitName = Self.publicName(of: report.unit)
        var page = PageContext(req, title: req.t("tip_status_title"))
        page.switchLanguage = nil
        return try await req.page("tip/status", StatusPage(
            page: page, receipt: receipt.description, publicID: report.publicID, state: req.t(report.state.localizationKey), stateCode: report.state.rawValue, unit: unitName,
            receivedAt: Formatting.moment(report.receivedAt, req.language), note: try await desk.outcomeNote(of: report),
            messages: messages.map { m in .init(from: m.fromCitizen ? req.t("tip_from_you") : unitName, at: Formatting.moment(m.at, req.language),
                                                text: m.text, mine: m.fromCitizen) },
            canWrite: !report.state.isFinished, asksFeedback: report.state == .resolved && report.feedback == nil,
            feedback: report.feedback.map { req.t("tip_feedback_\($0)") }, error: error))
    }

    /// "Công an phường Hồng Bàng": how the citizen knows who has the report.
    static func publicName(of unit: OrgUnit) -> String {
        unit.kind.isLocality ? "Công an \(unit.name.prefix(1).lowercased())\(unit.name.dropFirst())" : unit.name
    }

    struct MessageInput: Content {
        var receipt: String
        var text: String?
    }

    func message(req: Request) async throws -> Response {
        let input = try req.content.decode(MessageInput.self)
        let (report, receipt) = try await byReceipt(req, input.receipt)
        var errors: [FieldError] = []
        guard let text = FieldParsing.text(input.text, field: "text", required: true, maxLength: 3000, errors: &errors), !report.state.isFinished else {
            return try await statusPage(req, report, receipt: receipt, error: req.t("tip_message_refused")).encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard try await TipDesk(req: req).citizenMessagesToday(report) < 20 else { throw Abort(.tooManyRequests, reason: req.t("tip_error_too_many")) }
        try await TipDesk(req: req).add(message: text, to: report, fromCitizen: true)
        return try await statusPage(req, report, receipt: receipt).encodeResponse(for: req)
    }

    struct FeedbackInput: Content {
        var receipt: String
        var answer: String
    }

    /// After resolution: was it dealt with? yes, partly, no — once.
    func feedback(req: Request) async throws -> Response {
        let input = try req.content.decode(FeedbackInput.self)
        let (report, receipt) = try await byReceipt(req, input.receipt)
        guard report.state == .resolved, report.feedback == nil, ["yes", "partly", "no"].contains(input.answer) else {
            return try await statusPage(req, report, receipt: receipt, error: req.t("tip_feedback_refused")).encodeResponse(status: .unprocessableEntity, for: req)
        }
        report.feedback = input.answer
        try await report.save(on: req.db)
        return try await statusPage(req, report, receipt: receipt).encodeResponse(for: req)
    }

    // MARK: Statistics

    struct StatisticsPage: Encodable {
        struct Row: Encodable {
            var commune: String
            var received: Int
            var inTime: String
            var median: String
            var unanswered: Int
        }

        var page: PageContext
        var from: String
        var rows: [Row]
    }

    /// The last twelve months, per receiving unit, from the records.
    func statistics(req: Request) async throws -> View {
        let since = req.today.adding(months: -12)
        let stats = try await TipDesk(req: req).statistics(since: since)
        let names = try await OrgUnit.names(of: stats.rows.map(\.commune), on: req.db)
        return try await req.page("tip/statistics", StatisticsPage(
            page: PageContext(req, title: req.t("tip_statistics_title")), from: Formatting.date(since, req.language),
            rows: stats.rows.map { r in
                .init(commune: names[r.commune] ?? r.commune, received: r.received,
                      inTime: r.finishedInTime.value.map { "\(Formatting.percent($0, req.language)) (\(r.finishedInTime.numerator)/\(r.finishedInTime.denominator))" } ?? "—",
                      median: r.medianHoursToFirstAnswer.map { Formatting.number(($0 * 10).rounded() / 10, req.language) + " " + req.t("tip_hours") } ?? "—",
                      unanswered: r.unanswered)
            }))
    }
}
