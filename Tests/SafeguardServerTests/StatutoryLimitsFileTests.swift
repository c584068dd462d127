import Foundation
import Testing
import Vapor
@testable import SafeguardCore
@testable import SafeguardServer

/// `Resources/Data/people/statutory-limits.yaml`: the shipped file is the core's documented default,
/// and a bad file stops start-up naming every problem.
@Suite struct StatutoryLimitsFileTests {
    @Test func theShippedFileIsTheDocumentedDefault() throws {
        let reference = try ReferenceData.load(from: TestDatabase.packageRoot + "/Resources/Data")
        #expect(reference.statutoryLimits == StatutoryLimits.standard)
    }

    @Test func aBadFileNamesEveryProblem() throws {
        let text = """
            limits:
              - { clock: move-notice, hours: 24, from: 2026-07-01, source: a }
              - { clock: move-notice, hours: 48, from: 2026-12-01, source: b }
              - { clock: curfew, hours: 1, source: c }
              - { clock: residence-check, working-days: 3, hours: 24, source: d }
              - { clock: management-end, months: 0, from: 2026-13-01, source: " " }
              - { clock: present-at-new-place, hours: 24, registers: [drug-user, parolee], source: e }
              - { clock: present-at-new-place, hours: 24, registers: [released-from-prison], source: f }
            """
        do {
            _ = try ReferenceData.StatutoryLimitsFile.limits(from: text, file: "limits.yaml")
            Issue.record("a bad file was accepted")
        } catch let error as Abort {
            for part in ["limits.yaml: limits[2].clock: unknown clock 'curfew'", "limits[3]: give exactly one of working-days, hours, months",
                         "limits[4]: the span must be 1–3650", "limits[4].from: malformed date '2026-13-01'", "limits[4].source: required",
                         "two limits of 'move-notice' apply on the same days", "limits[5].registers: unknown register 'parolee'"] {
                #expect(error.reason.contains(part), "\(part)")
            }
        } catch {
            Issue.record("unexpected \(error)")
        }
        // Limits of one clock for different registers do not overlap.
        #expect(!(try ReferenceData.StatutoryLimitsFile.limits(from: """
            limits:
              - { clock: present-at-new-place, hours: 24, registers: [drug-user], source: e }
              - { clock: present-at-new-place, hours: 48, registers: [released-from-prison], source: f }
            """, file: "ok.yaml").limits.isEmpty))
    }
}
