import Foundation
import Fluent
import SafeguardCore
import SQLKit

/// The registers' counts other features read, without anyone's identity: the city report checks a
/// commune's reported "people helped to reintegrate" against them (`RecordMeasure.peopleSupported`).
struct PeopleQueries {
    let db: any Database

    /// Per managing unit at the time of the event: the people of the released-from-prison and
    /// post-rehabilitation registers given support in the months, by statistical month.
    func supportByUnit(_ scope: Scope, months: ClosedRange<StatisticalMonth>) async throws -> [String: SupportHistogram] {
        struct Row: Decodable {
            var unit_code: String
            var person_id: UUID
            var happened_at: Date
        }
        let from = months.lowerBound.start.startInVietnam, until = months.upperBound.end.adding(days: 1).startInVietnam
        let rows = try await (db as! any SQLDatabase).raw("""
            SELECT e.unit_code, e.person_id, e.happened_at FROM managed_person_events e JOIN managed_people p ON p.id = e.person_id
            WHERE \(scope.condition(table: "p")) AND e.kind = \(bind: PersonEventKind.support.rawValue)
              AND p.kind IN (\(bind: ManagedPersonKind.releasedFromPrison.rawValue), \(bind: ManagedPersonKind.postRehabilitation.rawValue))
              AND e.happened_at >= \(bind: from) AND e.happened_at < \(bind: until)
            """).all(decoding: Row.self)
        var result: [String: [SupportHistogram.Entry]] = [:]
        for row in rows {
            result[row.unit_code, default: []].append(.init(month: StatisticalMonth(containing: CalendarDate(row.happened_at)), person: row.person_id.uuidString))
        }
        return result.mapValues(SupportHistogram.init)
    }
}
