import Foundation
import SafeguardCore

/// A report as an Excel file to fill offline: one row per cell of the form — code, question,
/// value, how to write it — and three rows naming the form, the period and the unit, so a file
/// filled for another month or unit is refused instead of stored. Reading it back names the sheet,
/// the cell and the reason of every problem; a file with any problem changes nothing.
enum ReportWorkbook {
    static let sheet = "Báo cáo"
    static let header = ["Mã", "Nội dung", "Số liệu", "Cách ghi"]
    /// The marker rows, after the cells.
    static let formMarker = "#bieu-mau", periodMarker = "#ky-bao-cao", unitMarker = "#don-vi"

    static func template(_ form: ReportForm, period: ReportingPeriod, unit: String, values: [String: String]) throws -> Data {
        let rows = [header] + form.cells.map { cell in
            [cell.key, cell.element.name + (cell.option.map { " — \($0.name)" } ?? "") + (cell.element.required ? " (*)" : ""),
             values[cell.key] ?? "", hint(cell.element)]
        } + [[formMarker, form.title, form.code, "Không sửa các dòng này"], [periodMarker, "", period.description, ""], [unitMarker, "", unit, ""]]
        return try XLSXWriter.workbook(sheets: [(sheet, rows)])
    }

    static func hint(_ element: DataElement) -> String {
        switch element.type {
        case .count: "Số nguyên, không âm"
        case .number: "Số"
        case .percentage: "Số từ 0 đến 100"
        case .yesNo: "Có / Không"
        case .text: "Chữ"
        case .date: "Ngày, dd/mm/yyyy"
        case .option: (element.options ?? []).joined(separator: " / ")
        }
    }

    /// The typed values of an uploaded file, or every problem: «Trang "Báo cáo", ô C5: …».
    /// `reason` words a value's problem in the user's language.
    static func read(_ data: Data, form: ReportForm, period: ReportingPeriod, unit: String,
                     reason: (FieldError.Reason) -> String) throws(XLSXReader.Failure) -> Result<[String: String], Problems> {
        let sheet = try XLSXReader().read(data)
        func at(_ line: Int, _ column: Int = 2) -> String { "Trang «\(Self.sheet)», ô \(XLSXWriter.column(column))\(line)" }
        let cells = Dictionary(form.cells.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        var typed: [String: String] = [:], lines: [String: Int] = [:], problems: [String] = []
        var markers: [String: (String, Int)] = [:]
        for (line, fields) in sheet.records.dropFirst() {
            let key = fields.first?.trimmed ?? ""
            let value = fields.count > 2 ? fields[2].trimmed : ""
            if key.hasPrefix("#") { markers[key] = (value, line); continue }
            guard let cell = cells[key] else {
                if !key.isEmpty { problems.append("\(at(line, 0)): mã «\(key)» không có trong biểu mẫu \(form.code)") }
                continue
            }
            lines[key] = line
            guard !value.isEmpty else { continue }
            // A date Excel stored as its serial number.
            if cell.element.type == .date, let serial = Double(value), serial > 1000 {
                typed[key] = CalendarDate(dayNumber: Int(serial.rounded(.down)) + (sheet.uses1904Dates ? -24_107 : -25_569)).description
            } else {
                typed[key] = value
            }
        }
        for (marker, expected) in [(formMarker, form.code), (periodMarker, period.description), (unitMarker, unit)] {
            guard let (found, line) = markers[marker] else { problems.append("Trang «\(Self.sheet)»: thiếu dòng \(marker) — hãy dùng mẫu tải từ hệ thống"); continue }
            if found != expected { problems.append("\(at(line)): tệp dành cho «\(found)», không phải «\(expected)»") }
        }
        if case .failure(let errors) = ReportValues.read(typed, form: form, complete: false) {
            for error in errors.errors {
                let label = cells[error.field].map { $0.element.name + ($0.option.map { " — \($0.name)" } ?? "") } ?? error.field
                problems.append("\(lines[error.field].map { at($0) } ?? "Trang «\(Self.sheet)»"): «\(label)» — \(reason(error.reason))")
            }
        }
        return problems.isEmpty ? .success(typed) : .failure(Problems(messages: problems))
    }

    /// Everything wrong with an uploaded file, one message each.
    struct Problems: Error {
        var messages: [String]
    }
}
