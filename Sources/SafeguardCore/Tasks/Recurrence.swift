/// Lịch thực hiện: when a piece of work falls due — once, or again each month, quarter or year.
/// A recurring assignment becomes one instance per occurrence, each judged on its own deadline
/// (a monthly report late in March does not make April's late).
public enum Recurrence: Sendable, Equatable, Hashable {
    /// Once, by this day.
    case once(CalendarDate)
    /// Each month by `day` (the month's last day when it is shorter: "ngày 31" is 28/2).
    case monthly(day: Int)
    /// Each quarter by `day` of its `month`-th month (1…3): (3, 14) is the 14th of March, June, ….
    case quarterly(month: Int, day: Int)
    /// Each year by a day: "trước 30/11".
    case yearly(month: Int, day: Int)

    /// The deadlines that fall in `year`, in order.
    public func occurrences(in year: Int) -> [CalendarDate] {
        func due(_ month: Int, _ day: Int) -> CalendarDate? {
            CalendarDate(year: year, month: month, day: min(day, CalendarDate.daysIn(month: month, year: year)))
        }
        switch self {
        case .once(let date): return date.year == year ? [date] : []
        case .monthly(let day): return (1...12).compactMap { due($0, day) }
        case .quarterly(let month, let day): return [0, 3, 6, 9].compactMap { due($0 + month, day) }
        case .yearly(let month, let day): return due(month, day).map { [$0] } ?? []
        }
    }

    /// The stored form: `once:2026-11-30`, `monthly:14`, `quarterly:3/14`, `yearly:11/30`.
    public var code: String {
        switch self {
        case .once(let date): "once:\(date)"
        case .monthly(let day): "monthly:\(day)"
        case .quarterly(let month, let day): "quarterly:\(month)/\(day)"
        case .yearly(let month, let day): "yearly:\(month)/\(day)"
        }
    }

    /// Reads `code`, or the Vietnamese a plan uses: "trước 30/11", "hằng tháng, trước ngày 14",
    /// "hằng quý, ngày 14 tháng cuối quý". Nil for anything else, so a typo is an error, not a guess.
    public init?(_ text: String) {
        let folded = text.trimmed.lowercased()
        let numbers = folded.split { !$0.isNumber }.compactMap { Int($0) }
        func valid(_ month: Int, _ day: Int) -> Bool { (1...12).contains(month) && (1...31).contains(day) && day <= CalendarDate.daysIn(month: month, year: 2028) }
        if folded.hasPrefix("once:"), let date = CalendarDate(iso: String(folded.dropFirst(5))) {
            self = .once(date)
        } else if folded.hasPrefix("monthly:") || folded.hasPrefix("hằng tháng") || folded.hasPrefix("hàng tháng"),
                  numbers.count == 1, (1...31).contains(numbers[0]) {
            self = .monthly(day: numbers[0])
        } else if folded.hasPrefix("quarterly:"), numbers.count == 2, (1...3).contains(numbers[0]), valid(numbers[0], numbers[1]) {
            self = .quarterly(month: numbers[0], day: numbers[1])
        } else if folded.hasPrefix("hằng quý") || folded.hasPrefix("hàng quý"), numbers.count == 1, (1...31).contains(numbers[0]) {
            // "ngày N tháng cuối quý" (the usual wording) or "ngày N tháng đầu quý".
            self = .quarterly(month: folded.contains("đầu quý") ? 1 : 3, day: numbers[0])
        } else if folded.hasPrefix("yearly:"), numbers.count == 2, valid(numbers[0], numbers[1]) {
            self = .yearly(month: numbers[0], day: numbers[1])
        } else if folded.hasPrefix("trước") || folded.hasPrefix("hằng năm") || folded.hasPrefix("hàng năm"), numbers.count == 2, valid(numbers[1], numbers[0]) {
            self = .yearly(month: numbers[1], day: numbers[0])
        } else if let date = CalendarDate(iso: folded) {
            self = .once(date)
        } else {
            return nil
        }
    }
}
