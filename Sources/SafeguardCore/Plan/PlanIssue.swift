/// One problem found in a plan file, located by its path (`sections[1].tasks[0].lead[2]`).
///
/// The importer turns the path into a line number of the file it read.
public struct PlanIssue: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public enum Reason: Equatable, Sendable {
        case unsupportedSchema(String)
        case empty
        case malformedDate(String)
        case invalidYear(Int)
        case invalidKey(String)
        case unknownProvince(String)
        case duplicateID(String)
        case unknownMetric(String)
        case unknownComparison(String)
        case unknownUnit(String)
        case unitNotAllowed(unit: String, metric: String)
        case invalidThreshold(Double)
        case baselineRequired
        case baselineNotAllowed
        case baselineNotBefore(baseline: Int, plan: Int)
        case unknownSeverity(String)
        case filterNotAllowed(metric: String)
        case unknownTerm(String)
        case definitionNotAllowed(metric: String)
        case noLeadAgency
        case malformedAgency(String)
        case unknownAgency(String)
        case agencyOutsideProvince(code: String, province: String)
    }

    public var description: String { "\(path): \(message)" }

    /// Plain-English reason for operators and logs.
    public var message: String {
        switch reason {
        case .unsupportedSchema(let s): "unsupported schema '\(s)' (expected '\(PlanValidator.schema)')"
        case .empty: "must not be empty"
        case .malformedDate(let s): "malformed date '\(s)' (expected YYYY-MM-DD, a real calendar day)"
        case .invalidYear(let y): "year \(y) is out of range 2000–2100"
        case .invalidKey(let k): "key '\(k)' must be lower-case letters, digits and hyphens"
        case .unknownProvince(let p): "unknown province code '\(p)'"
        case .duplicateID(let id): "duplicate id '\(id)'"
        case .unknownMetric(let m):
            "unknown metric '\(m)' (known: \(TargetMetric.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .unknownComparison(let c): "unknown comparison '\(c)' (use <, <=, =, >=, >)"
        case .unknownUnit(let u): "unknown unit '\(u)' (use percent, percent-of-baseline, count)"
        case .unitNotAllowed(let u, let m): "unit '\(u)' does not apply to metric '\(m)'"
        case .invalidThreshold(let t): "threshold \(t) is out of range"
        case .baselineRequired: "a percent-of-baseline target needs baseline.year"
        case .baselineNotAllowed: "only percent-of-baseline targets take a baseline"
        case .baselineNotBefore(let b, let p): "baseline year \(b) must be before the plan year \(p)"
        case .unknownSeverity(let s):
            "unknown severity '\(s)' (known: \(CrimeSeverity.allCases.map(\.rawValue).joined(separator: ", ")))"
        case .filterNotAllowed(let m): "metric '\(m)' does not count cases; a severity filter does not apply"
        case .unknownTerm(let t):
            "unknown term '\(t)' (use \(CountTerm.allCases.map(\.rawValue).joined(separator: ", ")), '-' before a term subtracts it)"
        case .definitionNotAllowed(let m):
            "a definition for '\(m)' needs a numerator and a denominator of its own records' terms (reports for report rates, cases for clearance); other metrics take none"
        case .noLeadAgency: "a task needs at least one lead agency"
        case .malformedAgency(let a): "malformed agency reference '\(a)'"
        case .unknownAgency(let a): "unknown agency '\(a)' (no organisation unit has this code)"
        case .agencyOutsideProvince(let c, let p): "agency '\(c)' is not a unit of province \(p)"
        }
    }
}
