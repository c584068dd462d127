import Fluent
import Vapor

extension Request {
    /// The case named by `:code`, with its unit, after checking the caller may read that unit (404, 403).
    func readableCase() async throws -> CriminalCase {
        guard let row = try await CriminalCase.query(on: db).filter(\.$code == parameters.require("code")).with(\.$unit).first() else {
            throw Abort(.notFound, reason: t("error.record-not-found"))
        }
        try authorize(.readUnitRecords(unit: row.unit.code), on: row.unit)
        return row
    }

    /// The crime report named by `:code`, with its unit, after checking the caller may read that unit (404, 403).
    func readableReport() async throws -> CrimeReport {
        guard let row = try await CrimeReport.query(on: db).filter(\.$code == parameters.require("code")).with(\.$unit).first() else {
            throw Abort(.notFound, reason: t("error.record-not-found"))
        }
        try authorize(.readUnitRecords(unit: row.unit.code), on: row.unit)
        return row
    }
}
