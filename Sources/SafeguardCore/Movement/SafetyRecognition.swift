/// Công nhận "An toàn về an ninh, trật tự" (Circular 124/2021/TT-BCA as amended by Circular
/// 48/2025/TT-BCA; domain.md §4): a residential area must meet all its criteria; a commune needs
/// 100% of its residential areas and units registered, at least 70% of them recognised, and none
/// of the listed incidents. Recognition is yearly. Every verdict comes with the reasons in words
/// ("thiếu 3 khu dân cư được công nhận"), so a unit knows what it lacks.
public enum SafetyRecognition {
    public struct Verdict: Sendable, Equatable {
        public var recognised: Bool
        /// Empty when recognised; otherwise each unmet condition, in Vietnamese.
        public var reasons: [String]
    }

    /// A residential area: every criterion met (the criteria unmet are named).
    public static func residentialArea(unmet criteria: [String]) -> Verdict {
        Verdict(recognised: criteria.isEmpty, reasons: criteria.map { "chưa đạt tiêu chí: \($0)" })
    }

    /// A commune's standing in the year.
    public struct Commune: Sendable, Equatable {
        /// Residential areas and units (agencies, enterprises, schools) that ought to register.
        public var members: Int
        public var registered: Int
        public var recognised: Int
        /// Incidents of the listed kinds in the year (each one disqualifies).
        public var incidents: [String]

        public init(members: Int, registered: Int, recognised: Int, incidents: [String] = []) {
            self.members = members
            self.registered = registered
            self.recognised = recognised
            self.incidents = incidents
        }
    }

    /// Mức độ in the verdict's words ("rất nghiêm trọng").
    public static func severityName(_ severity: CrimeSeverity) -> String {
        switch severity {
        case .lessSerious: "ít nghiêm trọng"
        case .serious: "nghiêm trọng"
        case .verySerious: "rất nghiêm trọng"
        case .especiallySerious: "đặc biệt nghiêm trọng"
        }
    }

    /// The least share of members recognised.
    public static let recognisedShare = 0.7

    public static func commune(_ c: Commune) -> Verdict {
        var reasons: [String] = []
        if c.registered < c.members { reasons.append("thiếu \(c.members - c.registered) khu dân cư, đơn vị đăng ký xây dựng (cần 100%)") }
        // ≥ 70%, counted in whole units: 10 members need 7.
        let needed = Int((Double(c.members) * recognisedShare - 1e-9).rounded(.up))
        if c.recognised < needed { reasons.append("thiếu \(needed - c.recognised) khu dân cư, đơn vị được công nhận (cần ít nhất \(needed)/\(c.members), 70%)") }
        reasons += c.incidents.map { "xảy ra \($0)" }
        if c.members == 0 { reasons.append("chưa có khu dân cư, đơn vị nào trong danh sách") }
        return Verdict(recognised: reasons.isEmpty, reasons: reasons)
    }
}

/// Địa bàn trọng điểm về ma túy loại I (Decision 28/2025/QĐ-TTg; domain.md §4): a commune is a
/// type I key area when at least 3 of the listed conditions hold. Evaluated from data, with each
/// condition's figure and whether it holds, so the result explains itself.
public enum DrugKeyArea {
    public struct Figures: Sendable, Equatable {
        public var population: Int
        /// People using drugs on record.
        public var users: Int
        /// Places where drugs are used.
        public var venues: Int
        /// Drug offenders on record.
        public var offenders: Int
        public var drugPlants: Int
        public var drugPlantArea: Double
        /// On a drug trafficking route (the decision's route criterion, judged by the police).
        public var onTraffickingRoute: Bool

        public init(population: Int, users: Int, venues: Int, offenders: Int, drugPlants: Int = 0, drugPlantArea: Double = 0, onTraffickingRoute: Bool = false) {
            self.population = population
            self.users = users
            self.venues = venues
            self.offenders = offenders
            self.drugPlants = drugPlants
            self.drugPlantArea = drugPlantArea
            self.onTraffickingRoute = onTraffickingRoute
        }
    }

    public struct Condition: Sendable, Equatable {
        public var text: String
        public var holds: Bool
    }

    public static let conditionsNeeded = 3

    public static func conditions(_ f: Figures) -> [Condition] {
        let population = Double(max(f.population, 1))
        func percent(_ n: Int) -> String {
            let value = (Double(n) / population * 1000).rounded() / 10
            return NumberText.plain(value).replacingOccurrences(of: ".", with: ",") + "%"
        }
        return [
            Condition(text: "người sử dụng trái phép chất ma túy ≥ 0,5% dân số (\(f.users) người, \(percent(f.users)))",
                      holds: Double(f.users) >= 0.005 * Double(f.population) && f.population > 0),
            Condition(text: "≥ 2 điểm, tụ điểm sử dụng trái phép chất ma túy (\(f.venues))", holds: f.venues >= 2),
            Condition(text: "người phạm tội về ma túy ≥ 0,1% dân số (\(f.offenders) người, \(percent(f.offenders)))",
                      holds: Double(f.offenders) >= 0.001 * Double(f.population) && f.population > 0),
            Condition(text: "≥ 3.000 cây có chứa chất ma túy hoặc ≥ 750 m² (\(f.drugPlants) cây, \(NumberText.plain(f.drugPlantArea.rounded())) m²)",
                      holds: f.drugPlants >= 3000 || f.drugPlantArea >= 750),
            Condition(text: "nằm trên tuyến, địa bàn trung chuyển ma túy", holds: f.onTraffickingRoute),
        ]
    }

    /// Type I when at least three conditions hold; with the conditions for the explanation.
    public static func isTypeI(_ f: Figures) -> (typeI: Bool, conditions: [Condition]) {
        let c = conditions(f)
        return (c.filter(\.holds).count >= conditionsNeeded, c)
    }
}
