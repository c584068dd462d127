import SafeguardCore
import Vapor

/// A unit as listed in the browser and on unit pages.
struct UnitRow: Encodable {
    var code: String
    var name: String
    var kind: String
    var parentCode: String?

    init(_ unit: OrgUnit, _ request: Request) {
        self.code = unit.code
        self.name = unit.name
        self.kind = request.t(unit.kind.localizationKey)
        self.parentCode = unit.parentCode
    }
}

/// A unit kind in a form's select list.
struct KindOption: Encodable {
    var value: String
    var label: String
    var selected = false

    init(_ kind: OrgUnitKind, _ request: Request, selected: Bool = false) {
        self.value = kind.rawValue
        self.label = request.t(kind.localizationKey)
        self.selected = selected
    }
}

/// Danh bạ đơn vị: search by name with or without diacritics, filter by kind.
struct UnitsPage: Encodable {
    var page: PageContext
    var query: String
    var kinds: [KindOption]
    var units: [UnitRow]
    var total: Int
    var pageNumber: Int
    var previousPage: String?
    var nextPage: String?
}

/// Trang đơn vị: details, place in the tree, sub-units, the plan tasks it leads or coordinates,
/// and the edit forms when the user may change it.
struct UnitPage: Encodable {
    struct TaskLink: Encodable {
        var code: String
        var text: String
    }

    var page: PageContext
    var unit: UnitRow
    var address: String?
    var phone: String?
    var headName: String?
    var ancestors: [UnitRow]
    var children: [UnitRow]
    var leads: [TaskLink]
    var coordinates: [TaskLink]
    var canEdit: Bool
    var canEditName: Bool
    var canAddChild: Bool
    var childKinds: [KindOption]
    var error: String?
}
