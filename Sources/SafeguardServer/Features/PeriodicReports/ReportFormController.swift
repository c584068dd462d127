import Fluent
import SafeguardCore
import Vapor
import Yams

/// `/reports/forms`: the standing office revises a report form as its YAML text (the same format as
/// `Resources/Data/report-forms` and `safeguard import form`); every problem is named and nothing is
/// stored until there is none; a change is a new version, and reports already made keep theirs.
struct ReportFormController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("reports", "forms", use: list)
        routes.get("reports", "forms", ":code", use: edit)
        routes.post("reports", "forms", ":code", use: save)
    }

    func list(req: Request) async throws -> View {
        try req.authorize(.manageReportForms)
        let forms = try await ReportFormCatalog(db: req.db).current()
        return try await req.page("periodic-reports/report-forms", ListPage(
            page: PageContext(req, title: req.t("report_forms_title")),
            forms: forms.map { Choice(value: "/reports/forms/\($0.code)", label: "\($0.title) (\($0.code), \(req.t("unit_plan_version")) \($0.version))") }))
    }

    private func render(_ req: Request, _ form: ReportForm, text: String, errors: [String], saved: Int? = nil) async throws -> View {
        try await req.page("shared/definition-edit", DefinitionEditPage(
            page: PageContext(req, title: req.t("report_forms_title")), back: "/reports/forms", backLabel: req.t("report_forms_title"),
            action: "/reports/forms/\(form.code)", code: form.code, title: form.title, version: form.version, intro: req.t("report_forms_intro"), textLabel: req.t("report_forms_text"), text: text, errors: errors, saved: saved))
    }

    func edit(req: Request) async throws -> View {
        try req.authorize(.manageReportForms)
        guard let code = req.parameters.get("code"), let form = try await ReportFormCatalog(db: req.db).form(code) else {
            throw Abort(.notFound, reason: req.t("error.not-found"))
        }
        return try await render(req, form, text: try YAMLEncoder().encode(form), errors: [], saved: try req.queryNumber("saved", in: 0...1_000_000))
    }

    func save(req: Request) async throws -> Response {
        try req.authorize(.manageReportForms)
        let catalog = ReportFormCatalog(db: req.db)
        guard let code = req.parameters.get("code"), let current = try await catalog.form(code) else { throw Abort(.notFound, reason: req.t("error.not-found")) }
        struct Input: Content { var text: String? }
        let text = try req.content.decode(Input.self).text ?? ""
        func refuse(_ errors: [String]) async throws -> Response {
            try await render(req, current, text: text, errors: errors).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let form: ReportForm
        do {
            form = try ReportFormCatalog.read(text: text, file: code)
        } catch let failure as DefinitionFiles.Invalid {
            return try await refuse(failure.problems)
        }
        guard form.code == code else { return try await refuse([req.t("report_forms_error_code").replacingOccurrences(of: "{code}", with: code)]) }
        switch try await catalog.revise(form, by: try req.user.username) {
        case .created(let version):
            try await req.audit("revise", "report-form", key: code, detail: "version \(version)", on: req.db)
            return req.redirect(to: "/reports/forms/\(code)?saved=\(version)")
        case .unchanged:
            return req.redirect(to: "/reports/forms/\(code)")
        }
    }
}
