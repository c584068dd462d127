/// Bình xét thi đua cuối năm: units ranked on their classification, the plan's targets met, their
/// tasks done on time and their reports sent on time, with configurable weights. Every score keeps
/// its parts, so a unit can see exactly why it ranks where it does.
public enum EmulationRanking {
    /// The weights of the four parts (summing to 1 is not required: they are normalised).
    public struct Weights: Sendable, Equatable {
        public var classification: Double
        public var targets: Double
        public var tasks: Double
        public var reports: Double

        public init(classification: Double = 0.4, targets: Double = 0.3, tasks: Double = 0.2, reports: Double = 0.1) {
            self.classification = classification
            self.targets = targets
            self.tasks = tasks
            self.reports = reports
        }

        var sum: Double { classification + targets + tasks + reports }
    }

    /// One unit's year, each part a share 0–1 (nil: no data, scored 0 and said so).
    public struct Input: Sendable, Equatable {
        public var unit: String
        public var classification: Classification?
        /// Targets met ÷ targets with data.
        public var targetsMet: Double?
        /// Tasks completed on time ÷ tasks due.
        public var tasksOnTime: Double?
        /// Reports sent on time ÷ reports expected.
        public var reportsOnTime: Double?

        public init(unit: String, classification: Classification?, targetsMet: Double?, tasksOnTime: Double?, reportsOnTime: Double?) {
            self.unit = unit
            self.classification = classification
            self.targetsMet = targetsMet
            self.tasksOnTime = tasksOnTime
            self.reportsOnTime = reportsOnTime
        }
    }

    public struct Part: Sendable, Equatable {
        public var name: String
        /// The part's share, 0–1, as measured (nil without data).
        public var value: Double?
        public var weight: Double
        /// Its contribution to the score, 0–100.
        public var points: Double
    }

    public struct Row: Sendable, Equatable {
        public var rank: Int
        public var unit: String
        public var score: Double
        public var parts: [Part]
    }

    /// Xuất sắc 1, Khá 2/3, Trung bình 1/3, Yếu 0.
    public static func value(of level: Classification) -> Double {
        switch level {
        case .excellent: 1
        case .good: 2.0 / 3
        case .average: 1.0 / 3
        case .weak: 0
        }
    }

    /// Units by score, highest first (ties share a rank and keep code order).
    public static func rank(_ inputs: [Input], weights: Weights = Weights()) -> [Row] {
        let total = weights.sum > 0 ? weights.sum : 1
        let scored = inputs.map { input -> (String, Double, [Part]) in
            let parts = [
                ("Xếp loại phong trào", input.classification.map(value(of:)), weights.classification),
                ("Chỉ tiêu đạt", input.targetsMet, weights.targets),
                ("Nhiệm vụ hoàn thành đúng hạn", input.tasksOnTime, weights.tasks),
                ("Báo cáo đúng hạn", input.reportsOnTime, weights.reports),
            ].map { name, value, weight in
                Part(name: name, value: value, weight: weight / total, points: ((value ?? 0) * weight / total * 1000).rounded() / 10)
            }
            return (input.unit, parts.map(\.points).reduce(0, +), parts)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        var rows: [Row] = []
        for (i, entry) in scored.enumerated() {
            let rank = i > 0 && abs(rows[i - 1].score - entry.1) < 1e-9 ? rows[i - 1].rank : i + 1
            rows.append(Row(rank: rank, unit: entry.0, score: (entry.1 * 10).rounded() / 10, parts: entry.2))
        }
        return rows
    }
}
