/// The documented column format of `safeguard import cases|reports`: each field accepts its
/// English name or a Vietnamese header (with or without diacritics, any case), and value lists
/// accept their identifiers or Vietnamese labels.
public enum ImportColumns {
    public static let cases: [String: [String]] = [
        "code": ["số vụ án", "so vu an", "mã vụ án"],
        "article": ["điều", "điều luật"],
        "clause": ["khoản"],
        "unit": ["mã đơn vị", "địa bàn", "mã địa bàn"],
        "occurred_on": ["ngày xảy ra"],
        "discovered_on": ["ngày phát hiện"],
        "solved_on": ["ngày khám phá", "ngày điều tra làm rõ"],
        "suspects": ["số đối tượng"],
        "summary": ["tóm tắt", "nội dung"],
        "latitude": ["vĩ độ"],
        "longitude": ["kinh độ"],
    ]

    public static let reports: [String: [String]] = [
        "code": ["số tin báo", "mã tin báo"],
        "kind": ["loại", "loại tin"],
        "received_on": ["ngày tiếp nhận"],
        "unit": ["đơn vị tiếp nhận", "mã đơn vị"],
        "source": ["nguồn", "nguồn tin"],
        "category": ["lĩnh vực"],
        "summary": ["nội dung", "tóm tắt"],
        "registered_on": ["ngày thụ lý"],
        "extensions": ["số lần gia hạn"],
        "suspended_on": ["ngày tạm đình chỉ"],
        "resumed_on": ["ngày phục hồi"],
        "decided_on": ["ngày giải quyết", "ngày quyết định"],
        "outcome": ["kết quả", "kết quả giải quyết"],
        "transferred_on": ["ngày chuyển", "ngày chuyển cơ quan có thẩm quyền"],
    ]

    public static let kindLabels: [String: CrimeReportKind] = [
        "to giac": .denunciation, "to giac ve toi pham": .denunciation,
        "tin bao": .information, "tin bao ve toi pham": .information,
        "kien nghi khoi to": .prosecutionRequest,
    ]

    public static let outcomeLabels: [String: CrimeReportOutcome] = [
        "khoi to": .prosecute, "khoi to vu an": .prosecute, "khong khoi to": .noProsecution, "khong khoi to vu an": .noProsecution,
    ]

    /// Maps a file's header row to field names; unknown headers are ignored, and a field named
    /// twice keeps its first column.
    public static func map(header: [String], columns: [String: [String]]) -> [String: Int] {
        var lookup: [String: String] = [:]
        for (field, names) in columns {
            lookup[VietnameseFolding.fold(field)] = field
            lookup[VietnameseFolding.fold(field.replacingOccurrences(of: "_", with: " "))] = field
            for name in names { lookup[VietnameseFolding.fold(name)] = field }
        }
        var result: [String: Int] = [:]
        for (index, title) in header.enumerated() {
            if let field = lookup[VietnameseFolding.fold(title)], result[field] == nil { result[field] = index }
        }
        return result
    }

    /// The identifier for a value given as an identifier or a Vietnamese label.
    public static func normalise<T: RawRepresentable>(_ value: String?, labels: [String: T]) -> String? where T.RawValue == String {
        guard let value, !value.trimmed.isEmpty else { return value }
        return T(rawValue: value.trimmed)?.rawValue ?? labels[VietnameseFolding.fold(value)]?.rawValue ?? value.trimmed
    }
}

extension CaseDraft {
    public init(row: [String: String]) {
        self.init(code: row["code"], article: row["article"], clause: row["clause"], unit: row["unit"], occurredOn: row["occurred_on"],
                  discoveredOn: row["discovered_on"], solvedOn: row["solved_on"], suspects: row["suspects"], summary: row["summary"],
                  latitude: row["latitude"], longitude: row["longitude"])
    }
}

extension ReportDraft {
    public init(row: [String: String]) {
        self.init(code: row["code"], kind: ImportColumns.normalise(row["kind"], labels: ImportColumns.kindLabels), receivedOn: row["received_on"],
                  unit: row["unit"], source: row["source"], category: row["category"], summary: row["summary"],
                  registeredOn: row["registered_on"], extensions: row["extensions"], suspendedOn: row["suspended_on"],
                  resumedOn: row["resumed_on"], decidedOn: row["decided_on"],
                  outcome: ImportColumns.normalise(row["outcome"], labels: ImportColumns.outcomeLabels),
                  transferredOn: row["transferred_on"])
    }
}
