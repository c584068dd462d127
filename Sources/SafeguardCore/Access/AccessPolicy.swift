/// Who may do what: the single place that answers authorisation questions.
///
/// Officers are scoped to their unit's subtree, as the Personal Data Protection Law's
/// "restricted access" asks; leaders read everything except the people registers' identities, and change nothing.
public struct AccessPolicy: Sendable {
    public var directory: UnitDirectory

    public init(directory: UnitDirectory) {
        self.directory = directory
    }

    /// The person asking: role and, for officers, their unit.
    public struct Actor: Sendable, Equatable {
        public var role: Role
        public var unitCode: String?
        public init(role: Role, unitCode: String?) {
            self.role = role
            self.unitCode = unitCode
        }
    }

    public enum Action: Sendable, Equatable {
        /// See a unit's own records (reports, cases, people) — the unit directory itself is public to all users.
        case readUnitRecords(unit: String)
        /// Record or change a unit's cases and crime reports.
        case editUnitRecords(unit: String)
        /// Change a unit's details.
        case editUnit(unit: String)
        /// Add a unit below another (thôn, tổ dân phố, cơ quan…).
        case addChildUnit(parent: String)
        case importPlan
        /// Give a plan task to its lead and coordinating units (the standing office's work).
        case assignPlanTasks
        /// Approve or return units' periodic reports, and reopen an approved one (the standing office's work).
        case reviewReports
        /// Revise the report forms (a new version each time).
        case manageReportForms
        /// Act as the level above a unit: review its movement self-assessment and adjust scores
        /// (the commune for its residential areas; the standing office for everyone).
        case reviewAssessment(unit: String)
        /// Approve units' movement classifications and recognitions for the committee, and revise
        /// the criteria sets (the standing office's work).
        case approveMovement
        case manageUsers
        case readAuditLog
        /// Open and work with the people a unit manages (đối tượng quản lý): the managing commune's
        /// officers and the standing office (the City Police) — not leaders, who see the figures,
        /// nor the system administrator. A person's own restriction list narrows this further.
        case readPeople(unit: String)
        case editPeople(unit: String)
        /// Export the registers' identities: the standing office alone.
        case exportPeople
    }

    public func allows(_ actor: Actor, _ action: Action) -> Bool {
        switch (actor.role, action) {
        case (.systemAdmin, .readUnitRecords), (.systemAdmin, .editUnitRecords), (.systemAdmin, .reviewReports), (.systemAdmin, .manageReportForms),
             (.systemAdmin, .reviewAssessment), (.systemAdmin, .approveMovement), (.systemAdmin, .readPeople), (.systemAdmin, .editPeople),
             (.systemAdmin, .exportPeople): return false
        case (.systemAdmin, _), (.standingOffice, _): return true
        case (.leader, .readUnitRecords), (.leader, .readAuditLog): return true
        case (.leader, _): return false
        case (.departmentOfficer, _), (.communeOfficer, _):
            switch action {
            case .readUnitRecords(let unit), .editUnitRecords(let unit), .editUnit(let unit), .addChildUnit(let unit), .readPeople(let unit),
                 .editPeople(let unit):
                guard let own = actor.unitCode else { return false }
                return directory.isWithin(unit, ancestor: own)
            case .reviewAssessment(let unit):
                // Strictly above: a unit never reviews itself.
                guard let own = actor.unitCode, own != unit else { return false }
                return directory.isWithin(unit, ancestor: own)
            case .importPlan, .assignPlanTasks, .reviewReports, .manageReportForms, .approveMovement, .manageUsers, .readAuditLog, .exportPeople:
                return false
            }
        }
    }
}
