import Foundation
import Testing
@testable import SafeguardCore

/// Over the months of a longer period a flow adds up, a stock is the last month's, an average the mean.
@Suite struct ConsolidationTests {
    let form = ReportForm(code: "f", version: 1, title: "F", periodType: .month, unitKinds: [.ward], deadlineDays: 3, elements: [
        DataElement(code: "sessions", name: "Buổi tuyên truyền", type: .count),
        DataElement(code: "villages", name: "Thôn, tổ dân phố", type: .count, aggregation: .stock),
        DataElement(code: "members", name: "Thành viên tổ tự quản", type: .number, aggregation: .average),
    ])

    func entry(_ unit: String, _ month: String, sessions: Int, villages: Int, members: Int) -> Consolidation.Entry {
        Consolidation.Entry(unit: unit, period: ReportingPeriod(month)!, values: ReportValues([
            "sessions": String(sessions), "villages": String(villages), "members": String(members),
        ]))
    }

    @Test func aQuarterIsItsLastMonthForAStock() {
        // Entries out of order: the stock is the latest month's, whatever order they come in.
        let entries = [
            entry("A", "2026-M03", sessions: 4, villages: 12, members: 30),
            entry("A", "2026-M01", sessions: 2, villages: 10, members: 10),
            entry("A", "2026-M02", sessions: 3, villages: 11, members: 20),
            entry("B", "2026-M01", sessions: 1, villages: 5, members: 6),
            entry("B", "2026-M02", sessions: 1, villages: 6, members: 6),
        ]
        let lines = Consolidation.lines(form, entries)
        func total(_ key: String) -> Double? { lines.first { $0.key == key }?.total }
        #expect(total("sessions") == 11)          // a flow: every month added
        #expect(total("villages") == 18)     // a stock: each unit's latest month (B has not reported March)
        #expect(total("members") == 26)      // an average: each unit's mean
        #expect(lines.first { $0.key == "villages" }?.aggregation == .stock)
        #expect(lines.first { $0.key == "villages" }?.reporting == 2)
        // The quarter's stock equals the last month's consolidation when every unit reported it.
        let march = entries.filter { $0.period == ReportingPeriod("2026-M03")! } + [entry("B", "2026-M03", sessions: 0, villages: 6, members: 6)]
        let quarter = entries + [entry("B", "2026-M03", sessions: 0, villages: 6, members: 6)]
        #expect(Consolidation.lines(form, quarter).first { $0.key == "villages" }?.total == Consolidation.lines(form, march).first { $0.key == "villages" }?.total)
    }

    @Test func aFormWithoutAggregationReadsAsFlows() throws {
        let element = try JSONDecoder().decode(DataElement.self, from: Data(#"{"code":"x","name":"X","type":"count"}"#.utf8))
        #expect(element.aggregation == .flow)
        let stock = try JSONDecoder().decode(DataElement.self, from: Data(#"{"code":"x","name":"X","type":"count","aggregation":"stock"}"#.utf8))
        #expect(stock.aggregation == .stock)
    }
}
