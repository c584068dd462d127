import Foundation

/// Kế hoạch: a plan as written in its human-editable file (see `Resources/Data/plans`).
///
/// Values stay as written (strings for metrics, dates and agency references) so that
/// `PlanValidator` can name the exact path of anything wrong instead of failing to decode.
public struct PlanDocument: Codable, Sendable, Equatable {
    public var schema: String
    public var plan: PlanHeader
    public var purposes: [PlanPurpose]
    public var targets: [TargetDefinition]
    public var sections: [PlanSection]
    public var duties: [PlanDutyDefinition]

    /// Bytes that identify the plan's content independent of YAML formatting and comments:
    /// re-importing an unchanged plan must change nothing.
    public func canonicalData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}

/// The plan's heading: số, ngày, cơ quan ban hành, người ký.
public struct PlanHeader: Codable, Sendable, Equatable {
    /// Stable identity of the plan across revisions (e.g. `hai-phong-799-2026`).
    public var key: String
    /// Số, ký hiệu (e.g. "45/KH-BCĐ").
    public var number: String
    /// Ngày ban hành, ISO `yyyy-mm-dd`.
    public var date: String
    /// The year the plan is for.
    public var year: Int
    /// Statistics code of the province whose bodies and localities carry out the plan.
    public var province: String
    public var issuer: String
    public var title: String
    public var basis: String?
    public var signer: PlanSigner
    /// Nơi nhận.
    public var recipients: [String]?
}

/// Người ký: name, position and the capacity in which they sign (TM., KT.).
public struct PlanSigner: Codable, Sendable, Equatable {
    public var name: String
    public var position: String
    public var capacity: String?
}

/// Mục tiêu, yêu cầu (section I).
public struct PlanPurpose: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    public var footnotes: [String]?
}

/// Chỉ tiêu as written: a target with its machine-checkable definition.
public struct TargetDefinition: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    public var metric: String
    public var comparison: String
    public var threshold: Double
    public var unit: String
    public var baseline: Baseline?
    public var filter: Filter?
    public var definition: Definition?
    public var footnotes: [String]?

    /// What the rate counts: terms of `CountTerm`, a leading "-" subtracts.
    public struct Definition: Codable, Sendable, Equatable {
        public var numerator: [String]
        public var denominator: [String]
        public var source: String?
    }

    public struct Baseline: Codable, Sendable, Equatable {
        /// Compare with the same period of this year (cùng kỳ).
        public var year: Int
    }

    public struct Filter: Codable, Sendable, Equatable {
        public var severities: [String]?
    }
}

/// A group of section II (e.g. "2. Đẩy mạnh công tác phòng ngừa tội phạm"), optionally split into sub-groups a/b.
public struct PlanSection: Codable, Sendable, Equatable {
    public var id: String
    public var title: String
    public var tasks: [TaskDefinition]
    public var groups: [PlanSection]?
}

/// Nhiệm vụ as written: text, the plan's own words on who does it, and resolved references.
public struct TaskDefinition: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    /// The plan's parenthetical, verbatim (e.g. "Công an thành phố chủ trì phối hợp các sở, ngành, địa phương thực hiện").
    public var agencies: String
    /// Đơn vị chủ trì.
    public var lead: [String]
    /// Đơn vị phối hợp.
    public var coordinating: [String]?
    /// Numbered items (①②…) that carry their own agencies.
    public var items: [TaskDefinition]?
    public var footnotes: [String]?
}

/// Tổ chức thực hiện (section III): a standing duty and who bears it.
public struct PlanDutyDefinition: Codable, Sendable, Equatable {
    public var id: String
    public var text: String
    public var responsible: [String]?
}
