/// Đối tượng quản lý: the register a person under management is on (plan section II.2.a–b; domain.md §5).
public enum ManagedPersonKind: String, Sendable, Codable, CaseIterable {
    /// Người chấp hành xong án phạt tù về cư trú (Decree 49/2020/NĐ-CP, Circular 10/2024/TT-BCA).
    case releasedFromPrison = "released-from-prison"
    /// Người bị áp dụng biện pháp xử lý hành chính (giáo dục tại xã, trường giáo dưỡng, cai nghiện bắt buộc).
    case administrativeMeasure = "administrative-measure"
    /// Người sử dụng trái phép chất ma túy đang bị quản lý.
    case drugUser = "drug-user"
    /// Người bị quản lý sau cai nghiện ma túy.
    case postRehabilitation = "post-rehabilitation"

    /// The clock that ends management by law, for the registers that have one.
    public var endClock: ManagementClock? {
        switch self {
        case .drugUser, .postRehabilitation: .managementEnd
        case .releasedFromPrison, .administrativeMeasure: nil
        }
    }

    public var localizationKey: String { "person.kind.\(rawValue)" }
}

/// A person entered on a register: from a form, the API or a row of an imported list.
///
/// Fields are named as the import's columns: `kind`, `full_name`, `birth_date`, `id_number`,
/// `address`, `unit`, `basis_number`, `basis_date`, `basis_issuer`, `started_on`, `ends_on`.
public struct ManagedPersonDraft: Sendable, Equatable {
    public var kind: String?
    public var fullName: String?
    public var birthDate: String?
    public var idNumber: String?
    public var address: String?
    public var unit: String?
    /// The legal basis: the decision (or the prison's notice), its date and who issued it.
    public var basisNumber: String?
    public var basisDate: String?
    public var basisIssuer: String?
    public var startedOn: String?
    public var endsOn: String?

    public init(kind: String? = nil, fullName: String? = nil, birthDate: String? = nil, idNumber: String? = nil, address: String? = nil,
                unit: String? = nil, basisNumber: String? = nil, basisDate: String? = nil, basisIssuer: String? = nil,
                startedOn: String? = nil, endsOn: String? = nil) {
        self.kind = kind
        self.fullName = fullName
        self.birthDate = birthDate
        self.idNumber = idNumber
        self.address = address
        self.unit = unit
        self.basisNumber = basisNumber
        self.basisDate = basisDate
        self.basisIssuer = basisIssuer
        self.startedOn = startedOn
        self.endsOn = endsOn
    }
}

/// A person whose fields passed every check that needs no database.
public struct ValidManagedPerson: Sendable, Equatable {
    public var kind: ManagedPersonKind
    public var fullName: String
    public var birthDate: CalendarDate
    /// Digits only: 12 for a citizen identity card (CCCD), 9 for an old identity card (CMND).
    public var idNumber: String
    public var address: String
    public var unit: String
    public var basisNumber: String
    public var basisDate: CalendarDate
    public var basisIssuer: String
    public var startedOn: CalendarDate
    /// The end of management: given, or by law for the registers that have an end clock; nil otherwise.
    public var endsOn: CalendarDate?
    /// The rule the end comes from when it was not given.
    public var endSource: String?
}

extension ManagedPersonDraft {
    /// The person's identity number as stored and indexed: spaces and dots removed; 9 or 12 digits.
    public static func normalisedIDNumber(_ text: String) -> String? {
        let digits = text.filter { !$0.isWhitespace && $0 != "." && $0 != "-" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), [9, 12].contains(digits.count) else { return nil }
        return digits
    }

    public func validate(today: CalendarDate, limits: StatutoryLimits = .standard) -> Result<ValidManagedPerson, FieldErrors> {
        var errors: [FieldError] = []
        let kindText = FieldParsing.text(kind, field: "kind", required: true, maxLength: 40, errors: &errors)
        let kind = kindText.flatMap(ManagedPersonKind.init(rawValue:))
        if let kindText, kind == nil { errors.append(FieldError("kind", .unknownValue(kindText))) }
        let name = FieldParsing.text(fullName, field: "full_name", required: true, maxLength: 200, errors: &errors)
        let birth = FieldParsing.date(birthDate, field: "birth_date", required: true, errors: &errors)
        let idText = FieldParsing.text(idNumber, field: "id_number", required: true, maxLength: 40, errors: &errors)
        let id = idText.flatMap(Self.normalisedIDNumber)
        if let idText, id == nil { errors.append(FieldError("id_number", .malformedIdentityNumber(idText))) }
        let address = FieldParsing.text(self.address, field: "address", required: true, maxLength: 500, errors: &errors)
        let unit = FieldParsing.text(self.unit, field: "unit", required: true, maxLength: 40, errors: &errors)
        let basisNumber = FieldParsing.text(self.basisNumber, field: "basis_number", required: true, maxLength: 100, errors: &errors)
        let basisDate = FieldParsing.date(self.basisDate, field: "basis_date", required: true, errors: &errors)
        let issuer = FieldParsing.text(basisIssuer, field: "basis_issuer", required: true, maxLength: 200, errors: &errors)
        let started = FieldParsing.date(startedOn, field: "started_on", required: true, errors: &errors)
        let ends = FieldParsing.date(endsOn, field: "ends_on", required: false, errors: &errors)
        for (field, date) in [("birth_date", birth), ("basis_date", basisDate), ("started_on", started)] {
            if let date, date > today { errors.append(FieldError(field, .dateInFuture(date.description))) }
        }
        if let birth, let started, birth >= started { errors.append(FieldError("birth_date", .dateOrder(earlier: "birth_date", later: "started_on"))) }
        if let basisDate, let started, basisDate > started { errors.append(FieldError("basis_date", .dateOrder(earlier: "basis_date", later: "started_on"))) }
        if let ends, let started, ends < started { errors.append(FieldError("ends_on", .dateOrder(earlier: "started_on", later: "ends_on"))) }
        guard errors.isEmpty, let kind, let name, let birth, let id, let address, let unit, let basisNumber, let basisDate, let issuer, let started else {
            return .failure(FieldErrors(errors))
        }
        // Without an end given, the law's period from the start (a day limit needs no working-day calendar).
        var end = ends, source: String?
        if end == nil, let clock = kind.endClock, let rule = limits.limit(clock, on: started, for: kind), case .months(let months) = rule.span {
            end = started.adding(months: months)
            source = rule.source
        }
        return .success(ValidManagedPerson(kind: kind, fullName: name, birthDate: birth, idNumber: id, address: address, unit: unit,
                                           basisNumber: basisNumber, basisDate: basisDate, basisIssuer: issuer, startedOn: started,
                                           endsOn: end, endSource: source))
    }
}

/// Khai báo tạm vắng: a person under one of these measures who leaves the commune for at least
/// `minimumDays` days declares it (Residence Law 2020; the list of measures is to verify, so it is
/// configuration with this default).
public struct TemporaryAbsenceRule: Sendable, Equatable, Codable {
    public var minimumDays: Int
    public var kinds: Set<ManagedPersonKind>
    public var source: String
    public var needsVerification: Bool

    public init(minimumDays: Int, kinds: Set<ManagedPersonKind>, source: String, needsVerification: Bool) {
        self.minimumDays = minimumDays
        self.kinds = kinds
        self.source = source
        self.needsVerification = needsVerification
    }

    public static let standard = TemporaryAbsenceRule(
        minimumDays: 1, kinds: Set(ManagedPersonKind.allCases),
        source: "Luật Cư trú 2020, Điều 31: khai báo tạm vắng khi đi khỏi xã từ 1 ngày trở lên (danh sách biện pháp áp dụng: cần xác minh)",
        needsVerification: true)

    /// Whether an absence from `leaving` to `returning` (the days away, the return day not counted) must be declared.
    public func mustDeclare(_ kind: ManagedPersonKind, leaving: CalendarDate, returning: CalendarDate) -> Bool {
        kinds.contains(kind) && leaving.days(until: returning) >= minimumDays
    }
}
