import Fluent
import SafeguardCore
import Vapor

/// The page models of `AuthController`: what each of its templates receives.
extension AuthController {
    struct LoginPage: Encodable {
        var page: PageContext
        var next: String
        var username: String
        var error: String?
    }

    struct PasswordPage: Encodable {
        var page: PageContext
        var error: String?
        var required: Bool
    }
}
