import SafeguardCore
import Vapor

/// What every page's layout needs: strings in the user's language, the user, the CSRF token
/// for forms, and links that switch language while staying on the same page.
struct PageContext: Encodable {
    struct Account: Encodable {
        var username: String
        var displayName: String
        var role: String
        var unitCode: String?
        var unitName: String?
        /// What the menu offers, as the policy decides: the system administrator administers and
        /// reads no records, so sees neither the records' pages nor their links.
        var readsRecords: Bool
        /// The people registers: the managing commune's officers and the standing office.
        var readsPeople: Bool
        var readsAuditLog: Bool
        var managesUsers: Bool
    }

    var title: String
    var lang: String
    var t: Translations
    var user: Account?
    var csrf: String
    var path: String
    /// The same page in the other language; nil on a page that must not be left by a link (a receipt).
    var switchLanguage: String?
    var switchLanguageLabel: String
    var flash: String?
    /// A page of the public portal (`PublicPortal`): no user, no session, no CSRF token.
    var isPublic: Bool

    init(_ request: Request, title: String, flash: String? = nil) {
        let language = request.language
        self.title = title
        self.lang = language.rawValue
        self.t = request.application.localizer.translations(language)
        // A public page never touches the session (it would make one, and a cookie that follows the device).
        isPublic = PublicPortal.isPublic(request.url.path)
        self.csrf = isPublic ? "" : CSRF.token(for: request)
        self.path = request.url.path
        let other: Language = language == .vi ? .en : .vi
        var components = URLComponents(string: request.url.string) ?? URLComponents()
        components.queryItems = (components.queryItems ?? []).filter { $0.name != "lang" } + [URLQueryItem(name: "lang", value: other.rawValue)]
        self.switchLanguage = components.string ?? "?lang=\(other.rawValue)"
        self.switchLanguageLabel = other == .en ? "English" : "Tiếng Việt"
        self.flash = flash
        if !isPublic, let user = request.auth.get(User.self) {
            let actor = AccessPolicy.Actor(role: user.role, unitCode: user.unit?.code)
            let policy = AccessPolicy(directory: UnitDirectory([]))
            self.user = Account(
                username: user.username, displayName: user.displayName, role: request.t(user.role.localizationKey),
                unitCode: user.unit?.code, unitName: user.unit?.name,
                readsRecords: policy.allows(actor, .readUnitRecords(unit: user.unit?.code ?? "")),
                readsPeople: policy.allows(actor, .readPeople(unit: user.unit?.code ?? "")),
                readsAuditLog: policy.allows(actor, .readAuditLog), managesUsers: policy.allows(actor, .manageUsers))
        }
    }
}

extension Request {
    /// Renders a page template with its context.
    func page(_ template: String, _ context: some Encodable) async throws -> View {
        try await view.render(template, context)
    }
}
