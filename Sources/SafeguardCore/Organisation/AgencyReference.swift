/// A reference to the agencies responsible for a task, as written in a plan file.
///
/// The plan's parentheses name bodies ("Công an thành phố chủ trì") or whole groups
/// ("các sở, ngành, địa phương"). A plan file writes a body by its unit code and a group with `@`:
/// `@departments` (các sở, ngành), `@localities` (xã, phường, đặc khu), `@mass-organisations`
/// (đoàn thể), `@children:CODE` (e.g. the Front's member organisations).
public enum AgencyReference: Hashable, Sendable {
    case unit(code: String)
    case group(AgencyGroup)

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.hasPrefix("@") else {
            self = .unit(code: trimmed)
            return
        }
        let body = trimmed.dropFirst()
        if body.hasPrefix("children:") {
            let parent = String(body.dropFirst("children:".count))
            guard !parent.isEmpty else { return nil }
            self = .group(.childrenOf(parent))
            return
        }
        switch body {
        case "departments": self = .group(.departments)
        case "localities": self = .group(.localities)
        case "mass-organisations": self = .group(.massOrganisations)
        default: return nil
        }
    }

    /// The text form used in plan files; `AgencyReference(ref.text) == ref`.
    public var text: String {
        switch self {
        case .unit(let code): code
        case .group(.departments): "@departments"
        case .group(.localities): "@localities"
        case .group(.massOrganisations): "@mass-organisations"
        case .group(.childrenOf(let code)): "@children:\(code)"
        }
    }
}

/// A set of agencies the plan names collectively.
public enum AgencyGroup: Hashable, Sendable {
    /// Các sở, ngành: every department-kind body of the province.
    case departments
    /// Các địa phương: every ward, commune and special zone of the province.
    case localities
    /// Các đoàn thể: the Front and its member organisations.
    case massOrganisations
    /// The direct children of one unit (e.g. "các tổ chức thành viên" of the Front).
    case childrenOf(String)
}

/// Why an agency reference could not be resolved.
public enum AgencyResolutionError: Error, Equatable, Sendable {
    case malformed(String)
    case unknownUnit(String)
    case outsideProvince(code: String, province: String)
}

extension UnitDirectory {
    /// Resolves references to the set of units they mean within one province, sorted by code.
    public func resolve(_ texts: [String], province: String) -> Result<[UnitSummary], AgencyResolutionError> {
        var codes = Set<String>()
        for text in texts {
            guard let reference = AgencyReference(text) else { return .failure(.malformed(text)) }
            switch reference {
            case .unit(let code):
                guard units[code] != nil else { return .failure(.unknownUnit(code)) }
                guard units[code]?.provinceCode == province else {
                    return .failure(.outsideProvince(code: code, province: province))
                }
                codes.insert(code)
            case .group(let group):
                if case .childrenOf(let parent) = group, units[parent] == nil {
                    return .failure(.unknownUnit(parent))
                }
                codes.formUnion(members(of: group, province: province).map(\.code))
            }
        }
        return .success(codes.sorted().compactMap { units[$0] })
    }

    /// The units a group stands for within a province.
    public func members(of group: AgencyGroup, province: String) -> [UnitSummary] {
        let inProvince = units.values.filter { $0.provinceCode == province }
        switch group {
        case .departments:
            return inProvince.filter { $0.kind == .department }
        case .localities:
            return inProvince.filter { $0.kind.isLocality }
        case .massOrganisations:
            return inProvince.filter { $0.kind == .massOrganisation }
        case .childrenOf(let parent):
            return children(of: parent)
        }
    }
}
