/// The part of an organisation unit (đơn vị) that pure logic needs: identity, kind and place in the tree.
///
/// Persistence has its own model; this value type lets the core resolve agencies and check
/// access without a database.
public struct UnitSummary: Hashable, Sendable, Codable {
    public var code: String
    public var name: String
    public var kind: OrgUnitKind
    public var parentCode: String?
    /// The province the unit belongs to. Provincial bodies sit under the province's steering
    /// committee rather than under the province itself (whose children are its communes), so
    /// the province is recorded, not derived from the tree.
    public var provinceCode: String

    public init(code: String, name: String, kind: OrgUnitKind, parentCode: String?, provinceCode: String) {
        self.code = code
        self.name = name
        self.kind = kind
        self.parentCode = parentCode
        self.provinceCode = provinceCode
    }
}

/// An in-memory tree of units, indexed by code, for resolving references and ancestry.
public struct UnitDirectory: Sendable {
    public private(set) var units: [String: UnitSummary] = [:]
    private var childrenByParent: [String: [String]] = [:]

    public init(_ units: some Sequence<UnitSummary>) {
        for unit in units { insert(unit) }
    }

    public mutating func insert(_ unit: UnitSummary) {
        units[unit.code] = unit
        if let parent = unit.parentCode { childrenByParent[parent, default: []].append(unit.code) }
    }

    public subscript(code: String) -> UnitSummary? { units[code] }

    public func children(of code: String) -> [UnitSummary] {
        (childrenByParent[code] ?? []).compactMap { units[$0] }
    }

    /// The unit and every unit below it, depth first.
    public func subtree(of code: String) -> [UnitSummary] {
        guard let root = units[code] else { return [] }
        var result = [root]
        var stack = children(of: code)
        while let next = stack.popLast() {
            result.append(next)
            stack.append(contentsOf: children(of: next.code))
        }
        return result
    }

    /// Whether `code` is `ancestor` itself or lies below it.
    public func isWithin(_ code: String, ancestor: String) -> Bool {
        var current: String? = code
        var seen = Set<String>()
        while let c = current, seen.insert(c).inserted {
            if c == ancestor { return true }
            current = units[c]?.parentCode
        }
        return false
    }

    /// The province a unit belongs to.
    public func province(of code: String) -> UnitSummary? {
        units[code].flatMap { units[$0.provinceCode] }
    }
}
