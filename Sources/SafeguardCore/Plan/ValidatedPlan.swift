/// A plan whose every reference has been checked and resolved: what the importer stores.
public struct ValidatedPlan: Sendable {
    public var document: PlanDocument
    public var date: CalendarDate
    public var targets: [Target]
    /// Section II tasks in document order, items after their task.
    public var tasks: [ResolvedTask]
    public var duties: [ResolvedDuty]
}

/// A section II task (or one of its numbered items) with agencies resolved to units.
public struct ResolvedTask: Sendable, Equatable {
    public var id: String
    /// The section II group (`II.2`) and sub-group (`II.2.a`) the task belongs to.
    public var sectionID: String
    public var groupID: String?
    /// For numbered items: the task they belong to.
    public var parentID: String?
    public var text: String
    public var agencies: String
    public var lead: [UnitSummary]
    public var coordinating: [UnitSummary]
    /// The references as written, kept so the plan can be shown and re-exported faithfully.
    public var leadReferences: [String]
    public var coordinatingReferences: [String]
    public var footnotes: [String]
}

/// A section III duty with the units that bear it.
public struct ResolvedDuty: Sendable, Equatable {
    public var id: String
    public var text: String
    public var responsible: [UnitSummary]
}
