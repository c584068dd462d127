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

    /// A list of people under management (`ManagedPersonDraft(row:)`); the headers of the
    /// standing office's export are among the names, so an export edited offline reads back.
    public static let people: [String: [String]] = [
        "kind": ["sổ quản lý", "loại đối tượng"],
        "full_name": ["họ và tên", "họ tên"],
        "birth_date": ["ngày sinh", "ngày tháng năm sinh"],
        "id_number": ["số định danh", "số định danh cá nhân", "số cccd", "số căn cước", "số cmnd"],
        "address": ["nơi cư trú", "địa chỉ"],
        "unit": ["mã đơn vị", "mã địa bàn", "mã xã"],
        "basis_number": ["số quyết định/thông báo", "số quyết định", "số quyết định / thông báo"],
        "basis_date": ["ngày quyết định", "ngày ban hành"],
        "basis_issuer": ["cơ quan ban hành"],
        "notice_on": ["ngày nhận thông báo của trại giam", "ngày nhận thông báo"],
        "started_on": ["ngày bắt đầu", "ngày bắt đầu quản lý"],
        "ends_on": ["ngày kết thúc", "ngày kết thúc quản lý"],
        "helper": ["người giúp đỡ", "người, tổ chức được giao giúp đỡ"],
    ]

    /// The registers by their Vietnamese names (folded), as the export writes them.
    public static let personKindLabels: [String: ManagedPersonKind] = [
        "nguoi chap hanh xong an phat tu": .releasedFromPrison, "nguoi bi ap dung bien phap xu ly hanh chinh": .administrativeMeasure,
        "nguoi su dung trai phep chat ma tuy": .drugUser, "nguoi bi quan ly sau cai nghien": .postRehabilitation,
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

extension ManagedPersonDraft {
    public init(row: [String: String]) {
        self.init(kind: ImportColumns.normalise(row["kind"], labels: ImportColumns.personKindLabels), fullName: row["full_name"],
                  birthDate: row["birth_date"], idNumber: row["id_number"], address: row["address"], unit: row["unit"],
                  basisNumber: row["basis_number"], basisDate: row["basis_date"], basisIssuer: row["basis_issuer"], startedOn: row["started_on"],
                  endsOn: row["ends_on"])
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
