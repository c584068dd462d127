/// A commune's drug figures, checklist and recognition decision as typed (the page's form, the
/// API's body), checked in one place: counts are whole numbers ≥ 0, the area a number ≥ 0, only
/// the checklist's own items count as met, and a decision (number and date) is accepted only with
/// every item met (`RecognitionChecklist.recognise`).
public struct DrugAreaDraft: Sendable, Equatable {
    public var population: String?
    public var users: String?
    public var venues: String?
    public var offenders: String?
    public var drugPlants: String?
    public var drugPlantArea: String?
    public var onRoute: Bool
    public var met: [String]
    public var decisionNumber: String?
    public var decisionDate: String?

    public init(population: String?, users: String?, venues: String?, offenders: String?, drugPlants: String?, drugPlantArea: String?,
                onRoute: Bool, met: [String], decisionNumber: String?, decisionDate: String?) {
        (self.population, self.users, self.venues, self.offenders) = (population, users, venues, offenders)
        (self.drugPlants, self.drugPlantArea, self.onRoute, self.met) = (drugPlants, drugPlantArea, onRoute, met)
        (self.decisionNumber, self.decisionDate) = (decisionNumber, decisionDate)
    }

    public struct Valid: Sendable, Equatable {
        public var figures: DrugKeyArea.Figures
        public var met: Set<String>
        /// nil: no decision yet.
        public var decision: Decision?
    }

    public struct Decision: Sendable, Equatable {
        public var number: String
        public var date: CalendarDate

        public init(number: String, date: CalendarDate) {
            self.number = number
            self.date = date
        }
    }

    /// The largest count a commune's figure may be (people, venues, plants): ten million is more than
    /// any commune's population; beyond it a figure is a typing error.
    public static let maximumCount = 10_000_000
    /// The largest drug plant area, in m² (1,000 km²).
    public static let maximumArea = 1_000_000_000.0

    /// Every problem at once (an empty count is 0). A recognition decision is recorded only by the
    /// level above the commune (`decidedAbove`: a commune does not recognise itself), and never while
    /// its own figures make it a type-I key area — a commune cannot be both.
    public func validate(checklist: RecognitionChecklist, today: CalendarDate, decidedAbove: Bool) -> Result<Valid, FieldErrors> {
        var errors: [FieldError] = []
        func count(_ text: String?, _ field: String) -> Int {
            FieldParsing.integer(text, field: field, required: false, range: 0...Self.maximumCount, errors: &errors) ?? 0
        }
        let figures = DrugKeyArea.Figures(
            population: count(population, "population"), users: count(users, "users"), venues: count(venues, "venues"),
            offenders: count(offenders, "offenders"), drugPlants: count(drugPlants, "drug_plants"),
            drugPlantArea: FieldParsing.decimal(drugPlantArea, field: "drug_plant_area", range: 0...Self.maximumArea, errors: &errors) ?? 0,
            onTraffickingRoute: onRoute)
        let met = Set(met.filter { code in checklist.items.contains { $0.code == code } })
        var decision: Decision?
        if !(decisionNumber ?? "").trimmed.isEmpty || !(decisionDate ?? "").trimmed.isEmpty {
            switch checklist.recognise(met: met, number: decisionNumber, date: decisionDate, today: today) {
            case .success(let d): decision = Decision(number: d.number, date: d.date)
            case .failure(let e): errors += e.errors
            }
            if !decidedAbove { errors.append(FieldError("decision_number", .decidedAbove)) }
            if DrugKeyArea.isTypeI(figures).typeI { errors.append(FieldError("decision_number", .keyAreaTypeI)) }
            if !errors.isEmpty { decision = nil }
        }
        return errors.isEmpty ? .success(Valid(figures: figures, met: met, decision: decision)) : .failure(FieldErrors(errors))
    }
}
