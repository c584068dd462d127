import Foundation

/// Phản ánh, tố giác của người dân: what a citizen sends through the public portal, and the two
/// ways they may send it (domain.md §9).
public enum ReporterMode: String, Sendable, Codable, CaseIterable {
    /// Bảo mật danh tính: name and contact given, sealed, seen only by the receiving unit's
    /// officers. An identified report of a crime is a denunciation (tố giác, Criminal Procedure
    /// Code Art. 144) and is received and resolved within the law's time limits.
    case confidential
    /// Ẩn danh: nothing about the person is stored. Anonymous information cannot be a tố giác
    /// (the Law on Denunciations does not process anonymous denunciations): it is information to
    /// verify, and becomes a crime report (tin báo) once verified.
    case anonymous

    public var localizationKey: String { "tip.mode.\(rawValue)" }
}

/// Where a citizen's report stands — what the citizen sees on the receipt page, never any
/// investigative detail.
public enum CitizenReportState: String, Sendable, Codable, CaseIterable {
    /// Đã tiếp nhận.
    case received
    /// Đang xác minh: an officer is looking into it (or has asked the citizen something).
    case verifying
    /// Đang giải quyết theo quy định: it is a crime report now, with the legal time limit running.
    case inProcedure = "in-procedure"
    /// Đã chuyển: handed to another unit.
    case transferred
    /// Đã giải quyết.
    case resolved
    /// Đã đóng: not taken further, with the reason the citizen is told.
    case closed

    public var localizationKey: String { "tip.state.\(rawValue)" }
    public var isFinished: Bool { self == .resolved || self == .closed }
}

/// What an officer does with a citizen's report.
public enum CitizenReportAction: String, Sendable, Codable, CaseIterable {
    /// Bắt đầu xác minh.
    case verify
    /// Chuyển thành tin báo, tố giác về tội phạm (a crime report record, its legal clock running).
    case openCrimeReport = "open-crime-report"
    /// Chuyển đơn vị khác.
    case transfer
    /// Đã giải quyết (with what the citizen is told).
    case resolve
    /// Đóng, không xử lý tiếp (with the reason the citizen is told).
    case close

    public var localizationKey: String { "tip.action.\(rawValue)" }

    /// The state after the action, or nil when it may not be taken from `state`. A finished report
    /// takes no action; a report in procedure is resolved (or transferred), not closed unheard.
    public func next(from state: CitizenReportState) -> CitizenReportState? {
        switch (self, state) {
        case (_, .resolved), (_, .closed): nil
        case (.verify, .received): .verifying
        case (.verify, _): nil
        case (.openCrimeReport, .received), (.openCrimeReport, .verifying), (.openCrimeReport, .transferred): .inProcedure
        case (.openCrimeReport, _): nil
        case (.transfer, _): .transferred
        case (.resolve, _): .resolved
        case (.close, .inProcedure): nil
        case (.close, _): .closed
        }
    }
}

/// A citizen's report as the public form sends it. Field names are the form's.
public struct CitizenReportDraft: Sendable, Equatable {
    public var category: String?
    public var commune: String?
    public var occurredOn: String?
    public var place: String?
    public var description: String?
    public var latitude: String?
    public var longitude: String?
    public var mode: String?
    public var reporterName: String?
    public var reporterContact: String?
    public var reporterIDNumber: String?

    public init(category: String? = nil, commune: String? = nil, occurredOn: String? = nil, place: String? = nil, description: String? = nil,
                latitude: String? = nil, longitude: String? = nil, mode: String? = nil, reporterName: String? = nil, reporterContact: String? = nil,
                reporterIDNumber: String? = nil) {
        self.category = category
        self.commune = commune
        self.occurredOn = occurredOn
        self.place = place
        self.description = description
        self.latitude = latitude
        self.longitude = longitude
        self.mode = mode
        self.reporterName = reporterName
        self.reporterContact = reporterContact
        self.reporterIDNumber = reporterIDNumber
    }
}

/// A citizen's report whose fields passed every check that needs no database.
public struct ValidCitizenReport: Sendable, Equatable {
    /// Who sent it; nil for an anonymous report — there is nothing to keep.
    public struct Reporter: Sendable, Equatable {
        public var name: String
        public var contact: String
        public var idNumber: String?
    }

    public var category: String
    public var commune: String
    public var occurredOn: CalendarDate?
    public var place: String?
    public var description: String
    public var latitude: Double?
    public var longitude: Double?
    public var reporter: Reporter?

    public var mode: ReporterMode { reporter == nil ? .anonymous : .confidential }
}

extension CitizenReportDraft {
    /// Việt Nam's extent, islands included, for a point on the map.
    public static let latitudes = 8.0...23.5
    public static let longitudes = 102.0...117.9

    public func validate(categories: Set<String>, today: CalendarDate) -> Result<ValidCitizenReport, FieldErrors> {
        var errors: [FieldError] = []
        let categoryText = FieldParsing.text(category, field: "category", required: true, maxLength: 60, errors: &errors)
        if let categoryText, !categories.contains(categoryText) { errors.append(FieldError("category", .unknownValue(categoryText))) }
        let commune = FieldParsing.text(self.commune, field: "commune", required: true, maxLength: 40, errors: &errors)
        let occurred = FieldParsing.date(occurredOn, field: "occurred_on", required: false, errors: &errors)
        if let occurred, occurred > today { errors.append(FieldError("occurred_on", .dateInFuture(occurred.description))) }
        let place = FieldParsing.text(self.place, field: "place", required: false, maxLength: 300, errors: &errors)
        let text = FieldParsing.text(description, field: "description", required: true, maxLength: 5000, errors: &errors)
        let lat = FieldParsing.decimal(latitude, field: "latitude", range: Self.latitudes, errors: &errors)
        let lon = FieldParsing.decimal(longitude, field: "longitude", range: Self.longitudes, errors: &errors)
        if (lat == nil) != (lon == nil), errors.filter({ ["latitude", "longitude"].contains($0.field) }).isEmpty {
            errors.append(FieldError(lat == nil ? "latitude" : "longitude", .required))
        }
        let modeText = FieldParsing.text(mode, field: "mode", required: true, maxLength: 20, errors: &errors)
        let mode = modeText.flatMap(ReporterMode.init(rawValue:))
        if let modeText, mode == nil { errors.append(FieldError("mode", .unknownValue(modeText))) }
        var reporter: ValidCitizenReport.Reporter?
        if mode == .confidential {
            let name = FieldParsing.text(reporterName, field: "reporter_name", required: true, maxLength: 200, errors: &errors)
            let contact = FieldParsing.text(reporterContact, field: "reporter_contact", required: true, maxLength: 200, errors: &errors)
            let idText = FieldParsing.text(reporterIDNumber, field: "reporter_id_number", required: false, maxLength: 40, errors: &errors)
            let id = idText.flatMap(ManagedPersonDraft.normalisedIDNumber)
            if let idText, id == nil { errors.append(FieldError("reporter_id_number", .malformedIdentityNumber(idText))) }
            if let name, let contact { reporter = .init(name: name, contact: contact, idNumber: id) }
        }
        guard errors.isEmpty, let categoryText, let commune, let text, let mode, mode == .anonymous || reporter != nil else {
            return .failure(FieldErrors(errors))
        }
        return .success(ValidCitizenReport(category: categoryText, commune: commune, occurredOn: occurred, place: place, description: text,
                                           latitude: lat, longitude: lon, reporter: mode == .anonymous ? nil : reporter))
    }
}
