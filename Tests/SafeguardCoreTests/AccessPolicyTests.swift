import Testing
@testable import SafeguardCore

@Suite struct AccessPolicyTests {
    let policy = AccessPolicy(directory: Fixtures.directory)
    typealias Actor = AccessPolicy.Actor

    @Test func communeOfficerIsScopedToTheirSubtree() {
        let officer = Actor(role: .communeOfficer, unitCode: "11311")
        #expect(policy.allows(officer, .editUnit(unit: "11311")))
        #expect(policy.allows(officer, .editUnit(unit: "11311-T1")))
        #expect(policy.allows(officer, .addChildUnit(parent: "11311")))
        #expect(policy.allows(officer, .readUnitRecords(unit: "11311-T1")))
        #expect(!policy.allows(officer, .editUnit(unit: "11312")))
        #expect(!policy.allows(officer, .readUnitRecords(unit: "11312")))
        #expect(!policy.allows(officer, .editUnit(unit: "31")))
        #expect(!policy.allows(officer, .importPlan) && !policy.allows(officer, .assignPlanTasks))
        #expect(!policy.allows(officer, .manageUsers))
        #expect(!policy.allows(Actor(role: .communeOfficer, unitCode: nil), .editUnit(unit: "11311")))
    }

    @Test func departmentOfficerIsScopedToTheirDepartment() {
        let officer = Actor(role: .departmentOfficer, unitCode: "31-STP")
        #expect(policy.allows(officer, .editUnit(unit: "31-STP")))
        #expect(!policy.allows(officer, .editUnit(unit: "31-CATP")))
        #expect(!policy.allows(officer, .editUnit(unit: "11311")))
    }

    @Test func leaderReadsButNeverChanges() {
        let leader = Actor(role: .leader, unitCode: nil)
        #expect(policy.allows(leader, .readUnitRecords(unit: "11312")))
        #expect(policy.allows(leader, .readAuditLog))
        #expect(!policy.allows(leader, .editUnit(unit: "11312")))
        #expect(!policy.allows(leader, .importPlan) && !policy.allows(leader, .assignPlanTasks))
    }

    @Test func administrators() {
        let office = Actor(role: .standingOffice, unitCode: "31-CATP")
        #expect(policy.allows(office, .editUnit(unit: "11312")))
        #expect(policy.allows(office, .importPlan) && policy.allows(office, .assignPlanTasks))
        let admin = Actor(role: .systemAdmin, unitCode: nil)
        #expect(policy.allows(admin, .manageUsers))
        #expect(!policy.allows(admin, .readUnitRecords(unit: "11312")))
        #expect(!policy.allows(admin, .editUnitRecords(unit: "11312")))
        #expect(policy.allows(office, .editUnitRecords(unit: "11312")))
        #expect(!policy.allows(Actor(role: .leader, unitCode: nil), .editUnitRecords(unit: "11312")))
        #expect(policy.allows(Actor(role: .communeOfficer, unitCode: "11311"), .editUnitRecords(unit: "11311-T1")))
        #expect(!policy.allows(Actor(role: .communeOfficer, unitCode: "11311"), .editUnitRecords(unit: "11312")))
    }

    @Test func peopleUnderManagementAreTheManagingCommunesAndTheStandingOfficesAlone() {
        let commune = Actor(role: .communeOfficer, unitCode: "11311")
        #expect(policy.allows(commune, .readPeople(unit: "11311")) && policy.allows(commune, .editPeople(unit: "11311")))
        #expect(!policy.allows(commune, .readPeople(unit: "11312")) && !policy.allows(commune, .exportPeople))
        // A village leader's account is below the commune: the commune's register is not theirs.
        #expect(!policy.allows(Actor(role: .communeOfficer, unitCode: "11311-T1"), .readPeople(unit: "11311")))
        #expect(!policy.allows(Actor(role: .departmentOfficer, unitCode: "31-STP"), .readPeople(unit: "11311")))
        let office = Actor(role: .standingOffice, unitCode: nil)
        #expect(policy.allows(office, .readPeople(unit: "11311")) && policy.allows(office, .exportPeople))
        for role in [Role.leader, .systemAdmin] {
            #expect(!policy.allows(Actor(role: role, unitCode: nil), .readPeople(unit: "11311")))
            #expect(!policy.allows(Actor(role: role, unitCode: nil), .editPeople(unit: "11311")))
            #expect(!policy.allows(Actor(role: role, unitCode: nil), .exportPeople))
        }
    }

    @Test func rolesAndUnitKinds() {
        #expect(Role.communeOfficer.acceptsUnit(kind: .ward))
        #expect(!Role.communeOfficer.acceptsUnit(kind: .department))
        #expect(Role.departmentOfficer.acceptsUnit(kind: .department))
        #expect(Role.communeOfficer.requiresUnit && !Role.leader.requiresUnit)
    }
}
