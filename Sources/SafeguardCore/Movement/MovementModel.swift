/// Mô hình phong trào: a model a unit runs (a Zalo group of the residential area, camera watch,
/// a youth team, help for people back from prison…) — its field, the technology it uses, when it
/// started, its state and members; a model copied to another unit keeps the link to its origin.
public enum ModelField: String, Codable, Sendable, CaseIterable {
    case antiDrug = "anti-drug", traffic, fire, youth, reintegration, cyberspace, other

    /// Vietnamese name, as the registry shows it.
    public var name: String {
        switch self {
        case .antiDrug: "Phòng, chống ma túy"
        case .traffic: "Trật tự, an toàn giao thông"
        case .fire: "Phòng cháy, chữa cháy"
        case .youth: "Thanh niên, học sinh"
        case .reintegration: "Tái hòa nhập cộng đồng"
        case .cyberspace: "Trên không gian mạng"
        case .other: "Khác"
        }
    }
}

public enum ModelStatus: String, Codable, Sendable, CaseIterable {
    /// Đang hoạt động.
    case active
    /// Tạm dừng.
    case paused
    /// Đã kết thúc.
    case ended
}

/// The registry form as typed, checked in one place.
public struct ModelDraft: Sendable, Equatable {
    public var name: String?
    public var field: String?
    public var technology: String?
    public var startedOn: String?
    public var members: String?
    public var results: String?

    public init(name: String?, field: String?, technology: String?, startedOn: String?, members: String?, results: String?) {
        (self.name, self.field, self.technology, self.startedOn, self.members, self.results) = (name, field, technology, startedOn, members, results)
    }

    public struct Valid: Sendable, Equatable {
        public var name: String
        public var field: ModelField
        /// "camera", "nhóm Zalo", "camera AI"…, as listed.
        public var technology: [String]
        public var startedOn: CalendarDate
        public var members: Int
        public var results: String
    }

    /// Every problem at once; a start date after `today` is refused.
    public func validate(today: CalendarDate) -> Result<Valid, FieldErrors> {
        var errors: [FieldError] = []
        let name = FieldParsing.text(name, field: "name", required: true, maxLength: 300, errors: &errors)
        let field = self.field.flatMap { ModelField(rawValue: $0.trimmed) }
        if field == nil { errors.append(FieldError("field", (self.field?.trimmed ?? "").isEmpty ? .required : .unknownValue(self.field ?? ""))) }
        let started = FieldParsing.date(startedOn, field: "started_on", required: true, errors: &errors)
        if let started, started > today { errors.append(FieldError("started_on", .dateInFuture(started.description))) }
        var members = 0
        if let text = self.members?.trimmed, !text.isEmpty {
            if let n = Int(text), n >= 0 { members = n } else { errors.append(FieldError("members", .malformedNumber(text))) }
        }
        let results = (self.results ?? "").trimmed
        if results.count > 4000 { errors.append(FieldError("results", .outOfRange("≤ 4000"))) }
        let technology = (self.technology ?? "").split(whereSeparator: { $0 == "," || $0.isNewline }).map { String($0).trimmed }.filter { !$0.isEmpty }
        guard errors.isEmpty, let name, let field, let started else { return .failure(FieldErrors(errors)) }
        return .success(Valid(name: name, field: field, technology: technology, startedOn: started, members: members, results: results))
    }
}

/// The targets the registry answers: the share of units with an active model of a field
/// ("100% of communes have an anti-drug model", "100% run the movement in cyberspace"). A unit is
/// covered by a model of its own or of a unit below it (a village's model counts for its commune).
public enum ModelCoverage {
    public struct Share: Sendable, Equatable {
        public var covered: Int
        public var units: Int
        public var share: Double? { units == 0 ? nil : Double(covered) / Double(units) }
        /// The units without one, for the list of who still lacks it.
        public var missing: [String]
    }

    /// `models` as (the owning unit's path "/31/11311/11311-01/", field, status); `units` the codes of
    /// the units that should have one.
    public static func share(of field: ModelField, units: [String], models: [(path: String, field: ModelField, status: ModelStatus)]) -> Share {
        let covered = coveredUnits(models.filter { $0.field == field && $0.status == .active }.map(\.path))
        let missing = units.filter { !covered.contains($0) }
        return Share(covered: units.count - missing.count, units: units.count, missing: missing)
    }

    /// Every unit on the paths: each owner and all its ancestors.
    public static func coveredUnits(_ paths: [String]) -> Set<String> {
        Set(paths.flatMap { $0.split(separator: "/").map(String.init) })
    }
}
