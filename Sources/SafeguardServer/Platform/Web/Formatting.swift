import Foundation
import SafeguardCore
import Vapor

/// Numbers and dates as each language writes them.
enum Formatting {
    static func number(_ value: Double, _ language: Language) -> String {
        let text = value.rounded() == value ? NumberText.plain(value) : String(format: "%.2f", value)
        return language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    static func date(_ date: CalendarDate, _ language: Language) -> String {
        language == .vi ? date.vietnamese : date.description
    }

    /// A share as a percentage with at most one decimal: "87,5%".
    static func percent(_ share: Double, _ language: Language) -> String {
        let tenths = (share * 1000).rounded() / 10
        let text = tenths.rounded() == tenths ? NumberText.plain(tenths) : String(format: "%.1f", tenths)
        return (language == .vi ? text.replacingOccurrences(of: ".", with: ",") : text) + "%"
    }

    /// An instant as Việt Nam's date and time to the second: "04/12/2026 09:05:31".
    static func instant(_ instant: Date, _ language: Language) -> String {
        let seconds = Int((instant.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        return date(CalendarDate(instant), language) + String(format: " %02d:%02d:%02d", ofDay / 3600, ofDay / 60 % 60, ofDay % 60)
    }

    /// When something happened, as precisely as it was recorded: the date alone for a moment at
    /// midnight (an event entered without its time), else the date and "HH:MM".
    static func moment(_ instant: Date, _ language: Language) -> String {
        let seconds = Int((instant.timeIntervalSince1970 + 7 * 3600).rounded(.down))
        let ofDay = ((seconds % 86_400) + 86_400) % 86_400
        return date(CalendarDate(instant), language) + (ofDay == 0 ? "" : String(format: " %02d:%02d", ofDay / 3600, ofDay / 60 % 60))
    }

    /// A file size: "340 KB", "1,2 MB".
    static func bytes(_ count: Int, _ language: Language) -> String {
        count < 1_048_576 ? "\(max(1, (count + 1023) / 1024)) KB" : number((Double(count) / 1_048_576 * 10).rounded() / 10, language) + " MB"
    }

    /// A stored ISO date shown the user's way; nil and malformed text pass through as "—" / as is.
    static func date(iso text: String?, _ language: Language) -> String {
        guard let text else { return "—" }
        return CalendarDate(iso: text).map { date($0, language) } ?? text
    }

    /// "> 80%", "≤ 88% so với cùng kỳ năm 2025", "= 0 đơn vị".
    static func requirement(of target: Target, _ request: Request) -> String {
        let value = number(target.threshold, request.language)
        switch target.unit {
        case .percent: return "\(target.comparison.symbol) \(value)%"
        case .percentOfBaseline:
            return "\(target.comparison.symbol) \(value)% \(request.t("target_of_baseline")) \(target.baselineYear.map(String.init) ?? "")"
        case .count: return "\(target.comparison.symbol) \(value)"
        }
    }
}
