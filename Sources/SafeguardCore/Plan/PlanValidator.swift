/// Checks a plan file's content against the known units and the target vocabulary, and
/// resolves every agency reference.
///
/// Collects every problem rather than stopping at the first, so an editor fixes a file in one pass.
public struct PlanValidator: Sendable {
    public static let schema = "safeguard-plan/1"
    public var directory: UnitDirectory

    public init(directory: UnitDirectory) {
        self.directory = directory
    }

    public func validate(_ doc: PlanDocument) -> Result<ValidatedPlan, PlanIssues> {
        var run = Run(directory: directory, province: doc.plan.province)
        run.header(doc)
        let date = CalendarDate(iso: doc.plan.date)
        let targets = doc.targets.enumerated().compactMap { i, t in run.target(t, at: "targets[\(i)]", planYear: doc.plan.year) }
        var tasks: [ResolvedTask] = []
        for (i, section) in doc.sections.enumerated() {
            let path = "sections[\(i)]"
            run.unique(section.id, at: "\(path).id")
            run.nonEmpty(section.title, at: "\(path).title")
            tasks += run.tasks(section.tasks, at: "\(path).tasks", section: section.id, group: nil)
            for (j, group) in (section.groups ?? []).enumerated() {
                run.unique(group.id, at: "\(path).groups[\(j)].id")
                run.nonEmpty(group.title, at: "\(path).groups[\(j)].title")
                tasks += run.tasks(group.tasks, at: "\(path).groups[\(j)].tasks", section: section.id, group: group.id)
            }
        }
        let duties = doc.duties.enumerated().map { i, duty in
            let path = "duties[\(i)]"
            run.unique(duty.id, at: "\(path).id")
            run.nonEmpty(duty.text, at: "\(path).text")
            return ResolvedDuty(id: duty.id, text: duty.text, responsible: run.agencies(duty.responsible ?? [], at: "\(path).responsible"))
        }
        guard run.issues.isEmpty, let date else { return .failure(PlanIssues(run.issues)) }
        return .success(ValidatedPlan(document: doc, date: date, targets: targets, tasks: tasks, duties: duties))
    }

    /// Accumulates issues while walking one document.
    private struct Run {
        let directory: UnitDirectory
        let province: String
        var issues: [PlanIssue] = []
        var ids = Set<String>()

        init(directory: UnitDirectory, province: String) {
            self.directory = directory
            self.province = province
        }

        mutating func fail(_ path: String, _ reason: PlanIssue.Reason) {
            issues.append(PlanIssue(path: path, reason: reason))
        }

        mutating func nonEmpty(_ text: String, at path: String) {
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { fail(path, .empty) }
        }

        mutating func unique(_ id: String, at path: String) {
            nonEmpty(id, at: path)
            if !ids.insert(id).inserted { fail(path, .duplicateID(id)) }
        }

        mutating func header(_ doc: PlanDocument) {
            if doc.schema != PlanValidator.schema { fail("schema", .unsupportedSchema(doc.schema)) }
            let key = doc.plan.key
            if key.isEmpty || !key.allSatisfy({ ($0.isLetter && $0.isASCII && $0.isLowercase) || $0.isNumber || $0 == "-" }) {
                fail("plan.key", .invalidKey(key))
            }
            nonEmpty(doc.plan.number, at: "plan.number")
            nonEmpty(doc.plan.issuer, at: "plan.issuer")
            nonEmpty(doc.plan.title, at: "plan.title")
            nonEmpty(doc.plan.signer.name, at: "plan.signer.name")
            if CalendarDate(iso: doc.plan.date) == nil { fail("plan.date", .malformedDate(doc.plan.date)) }
            if !(2000...2100).contains(doc.plan.year) { fail("plan.year", .invalidYear(doc.plan.year)) }
            if directory[province]?.kind != .province { fail("plan.province", .unknownProvince(province)) }
            for (i, purpose) in doc.purposes.enumerated() {
                unique(purpose.id, at: "purposes[\(i)].id")
                nonEmpty(purpose.text, at: "purposes[\(i)].text")
            }
        }

        mutating func target(_ t: TargetDefinition, at path: String, planYear: Int) -> Target? {
            unique(t.id, at: "\(path).id")
            nonEmpty(t.text, at: "\(path).text")
            let metric = TargetMetric(rawValue: t.metric)
            let comparison = Comparison(rawValue: t.comparison)
            let unit = ThresholdUnit(rawValue: t.unit)
            if metric == nil { fail("\(path).metric", .unknownMetric(t.metric)) }
            if comparison == nil { fail("\(path).comparison", .unknownComparison(t.comparison)) }
            if unit == nil { fail("\(path).unit", .unknownUnit(t.unit)) }
            if let metric, let unit, !metric.allowedUnits.contains(unit) {
                fail("\(path).unit", .unitNotAllowed(unit: t.unit, metric: t.metric))
            }
            let maximum = unit == .percent ? 100.0 : Double.greatestFiniteMagnitude
            if !t.threshold.isFinite || t.threshold < 0 || t.threshold > maximum {
                fail("\(path).threshold", .invalidThreshold(t.threshold))
            }
            switch (unit, t.baseline) {
            case (.percentOfBaseline, nil): fail("\(path).baseline", .baselineRequired)
            case (.percentOfBaseline, let baseline?) where baseline.year >= planYear:
                fail("\(path).baseline.year", .baselineNotBefore(baseline: baseline.year, plan: planYear))
            case (.percent, _?), (.count, _?): fail("\(path).baseline", .baselineNotAllowed)
            default: break
            }
            var severities: [CrimeSeverity] = []
            for (i, s) in (t.filter?.severities ?? []).enumerated() {
                if let severity = CrimeSeverity(rawValue: s) { severities.append(severity) }
                else { fail("\(path).filter.severities[\(i)]", .unknownSeverity(s)) }
            }
            if let metric, !severities.isEmpty, !metric.isCaseBased {
                fail("\(path).filter", .filterNotAllowed(metric: t.metric))
            }
            var definition: RateDefinition?
            if let written = t.definition {
                func parts(_ terms: [String], _ field: String) -> [RateDefinition.Part] {
                    terms.enumerated().compactMap { i, term in
                        if let part = RateDefinition.Part(term) { return part }
                        fail("\(path).definition.\(field)[\(i)]", .unknownTerm(term))
                        return nil
                    }
                }
                let parsed = RateDefinition(numerator: parts(written.numerator, "numerator"), denominator: parts(written.denominator, "denominator"),
                                            source: written.source?.trimmed.nilIfEmpty)
                if let metric, parsed.numerator.count == written.numerator.count, parsed.denominator.count == written.denominator.count {
                    if parsed.fits(metric) { definition = parsed } else { fail("\(path).definition", .definitionNotAllowed(metric: t.metric)) }
                }
            }
            guard let metric, let comparison, let unit else { return nil }
            return Target(
                id: t.id, text: t.text, metric: metric, comparison: comparison, threshold: t.threshold,
                unit: unit, baselineYear: t.baseline?.year, severities: severities, definition: definition)
        }

        mutating func tasks(_ defs: [TaskDefinition], at path: String, section: String, group: String?, parent: String? = nil) -> [ResolvedTask] {
            var result: [ResolvedTask] = []
            for (i, def) in defs.enumerated() {
                let p = "\(path)[\(i)]"
                unique(def.id, at: "\(p).id")
                nonEmpty(def.text, at: "\(p).text")
                if def.lead.isEmpty { fail("\(p).lead", .noLeadAgency) }
                let lead = agencies(def.lead, at: "\(p).lead")
                let coordinating = agencies(def.coordinating ?? [], at: "\(p).coordinating")
                let leadCodes = Set(lead.map(\.code))
                result.append(ResolvedTask(
                    id: def.id, sectionID: section, groupID: group, parentID: parent, text: def.text,
                    agencies: def.agencies, lead: lead,
                    // A unit that leads does not also coordinate the same task.
                    coordinating: coordinating.filter { !leadCodes.contains($0.code) },
                    leadReferences: def.lead, coordinatingReferences: def.coordinating ?? [],
                    footnotes: def.footnotes ?? []))
                result += tasks(def.items ?? [], at: "\(p).items", section: section, group: group, parent: def.id)
            }
            return result
        }

        mutating func agencies(_ references: [String], at path: String) -> [UnitSummary] {
            var units: [String: UnitSummary] = [:]
            for (i, reference) in references.enumerated() {
                switch directory.resolve([reference], province: province) {
                case .success(let resolved): for unit in resolved { units[unit.code] = unit }
                case .failure(.malformed(let text)): fail("\(path)[\(i)]", .malformedAgency(text))
                case .failure(.unknownUnit(let code)): fail("\(path)[\(i)]", .unknownAgency(code))
                case .failure(.outsideProvince(let code, let p)):
                    fail("\(path)[\(i)]", .agencyOutsideProvince(code: code, province: p))
                }
            }
            return units.values.sorted { $0.code < $1.code }
        }
    }
}

/// All the problems found in one plan file.
public struct PlanIssues: Error, Equatable, Sendable {
    public var issues: [PlanIssue]
    public init(_ issues: [PlanIssue]) { self.issues = issues }
}
