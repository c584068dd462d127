import Fluent
import SafeguardCore
import Vapor
import Yams

/// `/assessments/criteria`: the criteria sets in force, and the standing office's editor — a set
/// revised as its YAML text, every problem named and nothing stored until there is none; a change
/// is a new version, and assessments keep the version they were scored on.
struct CriteriaSetController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("assessments", "criteria", use: criteria)
        routes.get("assessments", "criteria", ":subject", use: editCriteria)
        routes.post("assessments", "criteria", ":subject", use: saveCriteria)
    }

    func criteria(req: Request) async throws -> View {
        let sets = try await CriteriaCatalog(db: req.db).current()
        let canManage = (try? req.authorize(.approveMovement)) != nil
        return try await req.page("movement/criteria-sets", CriteriaPage(
            page: PageContext(req, title: req.t("criteria_title")),
            sets: sets.map { s in
                Choice(value: canManage ? "/assessments/criteria/\(s.subject.rawValue)" : "",
                       label: "\(req.t("criteria_subject_\(s.subject.rawValue)")) — \(req.t("unit_plan_version")) \(s.version), \(s.criteria.count) \(req.t("criteria_count")), \(Formatting.number(s.maximum, req.language)) \(req.t("criteria_points"))"
                           + (s.placeholder ? " (\(req.t("drugfree_placeholder")))" : ""))
            }))
    }

    private func subjectSet(_ req: Request) async throws -> CriteriaSet {
        try req.authorize(.approveMovement)
        guard let subject = req.parameters.get("subject").flatMap(CriteriaSet.Subject.init(rawValue:)),
              let set = try await CriteriaCatalog(db: req.db).set(subject) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        return set
    }

    private func renderEditor(_ req: Request, _ set: CriteriaSet, text: String, errors: [String], saved: Int? = nil) async throws -> View {
        try await req.page("shared/definition-edit", DefinitionEditPage(
            page: PageContext(req, title: req.t("criteria_title")), back: "/assessments/criteria", backLabel: req.t("criteria_title"),
            action: "/assessments/criteria/\(set.subject.rawValue)", code: set.subject.rawValue, title: req.t("criteria_subject_\(set.subject.rawValue)"),
            version: set.version, intro: req.t("criteria_intro"), textLabel: req.t("criteria_text"), text: text, errors: errors, saved: saved))
    }

    func editCriteria(req: Request) async throws -> View {
        let set = try await subjectSet(req)
        return try await renderEditor(req, set, text: try YAMLEncoder().encode(set), errors: [], saved: try req.queryNumber("saved", in: 0...1_000_000))
    }

    /// A revised set is stored as a new version once it has no problem; assessments keep theirs.
    func saveCriteria(req: Request) async throws -> Response {
        let current = try await subjectSet(req)
        struct Text: Content { var text: String? }
        let text = try req.content.decode(Text.self).text ?? ""
        let set: CriteriaSet
        do {
            set = try CriteriaCatalog.read(text: text, file: current.subject.rawValue)
        } catch let failure as DefinitionFiles.Invalid {
            return try await renderEditor(req, current, text: text, errors: failure.problems).encodeResponse(status: .unprocessableEntity, for: req)
        }
        guard set.subject == current.subject else {
            return try await renderEditor(req, current, text: text, errors: [req.t("report_forms_error_code").replacingOccurrences(of: "{code}", with: current.subject.rawValue)])
                .encodeResponse(status: .unprocessableEntity, for: req)
        }
        switch try await CriteriaCatalog(db: req.db).revise(set, by: try req.user.username) {
        case .created(let version):
            try await req.audit("revise", "criteria-set", key: set.subject.rawValue, detail: "version \(version)", on: req.db)
            return req.redirect(to: "/assessments/criteria/\(set.subject.rawValue)?saved=\(version)")
        case .unchanged:
            return req.redirect(to: "/assessments/criteria/\(set.subject.rawValue)")
        }
    }
}
