/// Loại đơn vị: what kind of body an organisation unit is.
///
/// The plan assigns tasks to city bodies ("các sở, ngành", "đoàn thể") and to commune-level
/// localities ("địa phương"); the movement's evaluation (Decision 510/QĐ-BCA-V05) also rates
/// units below a commune. Raw values are the identifiers used in data files and the database.
public enum OrgUnitKind: String, Codable, Sendable, CaseIterable {
    /// Tỉnh, thành phố trực thuộc trung ương.
    case province
    /// Phường.
    case ward
    /// Xã.
    case commune
    /// Đặc khu.
    case specialZone = "special-zone"
    /// Ban Chỉ đạo 799 cấp tỉnh: the committee whose members are the province's bodies.
    case committee
    /// Sở, ngành, cơ quan tư pháp, lực lượng vũ trang cấp tỉnh.
    case department
    /// Mặt trận Tổ quốc và các tổ chức chính trị - xã hội (đoàn thể).
    case massOrganisation = "mass-organisation"
    /// Thôn.
    case village
    /// Tổ dân phố.
    case residentialGroup = "residential-group"
    /// Cơ quan.
    case agency
    /// Doanh nghiệp.
    case enterprise
    /// Cơ sở giáo dục.
    case school

    /// Commune-level local government units (đơn vị hành chính cấp xã): the "địa phương" of the plan.
    public var isLocality: Bool {
        self == .ward || self == .commune || self == .specialZone
    }

    /// Units that sit below a commune and are rated by it (thôn, tổ dân phố, cơ quan, doanh nghiệp, trường học).
    public var isGrassroots: Bool {
        switch self {
        case .village, .residentialGroup, .agency, .enterprise, .school: true
        default: false
        }
    }

    /// Kinds a unit of this kind may hold as children.
    public var allowedChildKinds: Set<OrgUnitKind> {
        switch self {
        case .province: [.ward, .commune, .specialZone]
        case .committee: [.department, .massOrganisation]
        case .ward, .commune, .specialZone: [.village, .residentialGroup, .agency, .enterprise, .school]
        case .department: [.agency, .school]
        case .massOrganisation: [.massOrganisation]
        case .village, .residentialGroup, .agency, .enterprise, .school: []
        }
    }

    /// Localisation key of the kind's display name (`unit.kind.ward` → "Phường").
    public var localizationKey: String { "unit.kind.\(rawValue)" }
}
