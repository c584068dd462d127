import Fluent

/// A row that belongs to a unit, listed for a scope: a unit's subtree by path, or a whole province
/// by its code — the city's departments and bodies hang under the provincial committee, not under
/// the province's own unit, so a path prefix would leave them out of the city's lists and figures.
protocol UnitScoped: Model {
    static var unitPathField: KeyPath<Self, FieldProperty<Self, String>> { get }
    static var provinceField: KeyPath<Self, FieldProperty<Self, String>> { get }
}

extension UnitScoped {
    /// The rows of `scope`'s subtree (a province: all of its own).
    static func query(in scope: OrgUnit, on db: any Database) -> QueryBuilder<Self> {
        scope.kind == .province ? query(on: db).filter(provinceField == scope.provinceCode) : query(on: db).filter(unitPathField =~ scope.path)
    }
}

extension OrgUnit: UnitScoped {
    static var unitPathField: KeyPath<OrgUnit, FieldProperty<OrgUnit, String>> { \.$path }
    static var provinceField: KeyPath<OrgUnit, FieldProperty<OrgUnit, String>> { \.$provinceCode }
}

extension Assignment: UnitScoped {
    static var unitPathField: KeyPath<Assignment, FieldProperty<Assignment, String>> { \.$unitPath }
    static var provinceField: KeyPath<Assignment, FieldProperty<Assignment, String>> { \.$provinceCode }
}

extension Alert: UnitScoped {
    static var unitPathField: KeyPath<Alert, FieldProperty<Alert, String>> { \.$unitPath }
    static var provinceField: KeyPath<Alert, FieldProperty<Alert, String>> { \.$provinceCode }
}

extension Notification: UnitScoped {
    static var unitPathField: KeyPath<Notification, FieldProperty<Notification, String>> { \.$unitPath }
    static var provinceField: KeyPath<Notification, FieldProperty<Notification, String>> { \.$provinceCode }
}

extension AssessmentRecord: UnitScoped {
    static var unitPathField: KeyPath<AssessmentRecord, FieldProperty<AssessmentRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<AssessmentRecord, FieldProperty<AssessmentRecord, String>> { \.$provinceCode }
}

extension RegistrationRecord: UnitScoped {
    static var unitPathField: KeyPath<RegistrationRecord, FieldProperty<RegistrationRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<RegistrationRecord, FieldProperty<RegistrationRecord, String>> { \.$provinceCode }
}

extension SafetyRecognitionRecord: UnitScoped {
    static var unitPathField: KeyPath<SafetyRecognitionRecord, FieldProperty<SafetyRecognitionRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<SafetyRecognitionRecord, FieldProperty<SafetyRecognitionRecord, String>> { \.$provinceCode }
}

extension MovementModelRecord: UnitScoped {
    static var unitPathField: KeyPath<MovementModelRecord, FieldProperty<MovementModelRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<MovementModelRecord, FieldProperty<MovementModelRecord, String>> { \.$provinceCode }
}

extension DrugAreaRecord: UnitScoped {
    static var unitPathField: KeyPath<DrugAreaRecord, FieldProperty<DrugAreaRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<DrugAreaRecord, FieldProperty<DrugAreaRecord, String>> { \.$provinceCode }
}

extension OutreachEventRecord: UnitScoped {
    static var unitPathField: KeyPath<OutreachEventRecord, FieldProperty<OutreachEventRecord, String>> { \.$unitPath }
    static var provinceField: KeyPath<OutreachEventRecord, FieldProperty<OutreachEventRecord, String>> { \.$provinceCode }
}
