import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: OpenAPIController(path: app.settings.resource("openapi.yaml")))

    let withUser = app.grouped(SessionUserAuthenticator())
    let html = withUser.grouped(CSRFMiddleware())
    try html.register(collection: AuthController())
    let signedIn = html.grouped(RedirectToLogin())
    // The system administrator reads no records: their start page is the unit directory.
    signedIn.get { req in req.redirect(to: (try? req.user.role) == .systemAdmin ? "/units" : "/dashboard") }
    try signedIn.register(collection: DashboardController())
    try signedIn.register(collection: AlertController())
    try signedIn.register(collection: HotspotController())
    try signedIn.register(collection: TaskBoardController())
    try signedIn.register(collection: TaskController())
    try signedIn.register(collection: PlanAssignController())
    try signedIn.register(collection: NotificationController())
    try signedIn.register(collection: UnitPlanController())
    try signedIn.register(collection: ReportController())
    try signedIn.register(collection: CityReportController())
    try signedIn.register(collection: ReportFormController())
    try signedIn.register(collection: ModelController())
    try signedIn.register(collection: DrugFreeController())
    try signedIn.register(collection: OutreachController())
    try signedIn.register(collection: TaskExportController())
    try signedIn.register(collection: RecordsController())
    try signedIn.register(collection: ImportController())
    try signedIn.register(collection: PlanController())
    try signedIn.register(collection: UnitController())

    let api = withUser.grouped("api", "v1").grouped(BearerTokenAuthenticator(), RequireAPIUser(), CSRFMiddleware())
    try api.register(collection: UnitAPIController())
    try api.register(collection: PlanAPIController())
    try api.register(collection: MeAPIController())
    try api.register(collection: KPIAPIController())
    try api.register(collection: AlertAPIController())
    try api.register(collection: AssignmentAPIController())
    try api.register(collection: UnitPlanAPIController())
}
