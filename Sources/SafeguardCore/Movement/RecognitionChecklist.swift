/// A checklist a unit meets before it is recognised: "địa bàn cấp xã không ma túy" (the official
/// criteria were not found — domain.md §4) and a residential area "An toàn về an ninh, trật tự"
/// (the five criteria of Circular 124/2021 as amended). Configurable; a recognition decision is
/// accepted only when every item is met; otherwise the items still missing are named.
public struct RecognitionChecklist: Codable, Sendable, Equatable {
    public struct Item: Codable, Sendable, Equatable {
        public var code: String
        public var text: String
        /// Unmet, the item means one of the listed incidents happened (it also disqualifies the commune).
        public var incident: Bool?
        /// The records answer the item: a criminal case of these severities discovered in the year in
        /// the unit's area means it is not met, whatever is ticked.
        public var records: RecordCheck?

        public init(code: String, text: String, incident: Bool? = nil, records: RecordCheck? = nil) {
            self.code = code
            self.text = text
            self.incident = incident
            self.records = records
        }
    }

    /// Which cases on record make an item unmet.
    public struct RecordCheck: Codable, Sendable, Equatable {
        public var severities: [CrimeSeverity]

        public init(severities: [CrimeSeverity]) { self.severities = severities }
    }

    /// The severities any item checks against the records (none: the records answer nothing).
    public var recordSeverities: Set<CrimeSeverity> { Set(items.flatMap { $0.records?.severities ?? [] }) }

    /// The items met: those ticked, less those the records answer when a listed case is on file.
    public func met(ticked: Set<String>, casesOnRecord: [CrimeSeverity]) -> Set<String> {
        ticked.intersection(items.filter { item in
            guard let check = item.records else { return true }
            return !casesOnRecord.contains { check.severities.contains($0) }
        }.map(\.code))
    }

    public var items: [Item]
    /// The items are placeholders to confirm.
    public var placeholder: Bool

    public init(items: [Item], placeholder: Bool = true) {
        self.items = items
        self.placeholder = placeholder
    }

    /// The items not met among `met` (codes), in the checklist's order.
    public func missing(_ met: Set<String>) -> [Item] { items.filter { !met.contains($0.code) } }

    /// A recognition decision (number and date) for a commune that meets `met`: refused with the
    /// missing items named, or with the number and date required.
    public func recognise(met: Set<String>, number: String?, date: String?, today: CalendarDate) -> Result<(number: String, date: CalendarDate), FieldErrors> {
        var errors: [FieldError] = missing(met).map { FieldError("checklist", .notMet("\($0.code): \($0.text)")) }
        let number = FieldParsing.text(number, field: "decision_number", required: true, maxLength: 100, errors: &errors)
        let date = FieldParsing.date(date, field: "decision_date", required: true, errors: &errors)
        if let date, date > today { errors.append(FieldError("decision_date", .dateInFuture(date.description))) }
        guard errors.isEmpty, let number, let date else { return .failure(FieldErrors(errors)) }
        return .success((number, date))
    }
}
