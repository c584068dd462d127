/// What the movement's targets (plan targets 6–10: models, drug-free communes, "0 Yếu",
/// registration, cyberspace) are measured on for a scope and year, counted from the models
/// registry, the drug-free decisions, approved classifications, registrations and activities —
/// never typed in.
public struct MovementFigures: Sendable, Equatable {
    /// Communes (xã, phường, đặc khu) in the scope.
    public var communes: Int
    /// Of those, with an active anti-drug model.
    public var communesWithAntiDrugModel: Int
    /// Of those, recognised drug-free in the year.
    public var communesDrugFree: Int
    /// Of those, registered in the year to strive to be exemplary (điển hình).
    public var communesRegistered: Int
    /// Agencies, departments and communes that ought to run the movement in cyberspace.
    public var cyberspaceUnits: Int
    /// Of those, with an active cyberspace model or an online activity in the year.
    public var unitsInCyberspace: Int
    /// Units whose classification for the year is approved.
    public var unitsAssessed: Int
    /// Of those, rated Yếu.
    public var unitsRatedWeak: Int

    public init(communes: Int = 0, communesWithAntiDrugModel: Int = 0, communesDrugFree: Int = 0, communesRegistered: Int = 0,
                cyberspaceUnits: Int = 0, unitsInCyberspace: Int = 0, unitsAssessed: Int = 0, unitsRatedWeak: Int = 0) {
        self.communes = communes
        self.communesWithAntiDrugModel = communesWithAntiDrugModel
        self.communesDrugFree = communesDrugFree
        self.communesRegistered = communesRegistered
        self.cyberspaceUnits = cyberspaceUnits
        self.unitsInCyberspace = unitsInCyberspace
        self.unitsAssessed = unitsAssessed
        self.unitsRatedWeak = unitsRatedWeak
    }

    /// The numerator and denominator of a movement metric; nil for the metrics counted from crime records.
    public func measurement(_ metric: TargetMetric) -> Measurement? {
        switch metric {
        case .drugMovementLaunchedShare: Measurement(numerator: communesWithAntiDrugModel, denominator: communes)
        case .drugFreeCommunesShare: Measurement(numerator: communesDrugFree, denominator: communes)
        case .communesRegisteredShare: Measurement(numerator: communesRegistered, denominator: communes)
        case .cyberspaceMovementShare: Measurement(numerator: unitsInCyberspace, denominator: cyberspaceUnits)
        // "Không có đơn vị Yếu" counts among the units rated: with none approved yet there is nothing to measure.
        case .unitsRatedWeak: Measurement(numerator: unitsRatedWeak, denominator: unitsAssessed)
        case .ttxhCases, .crimeReportIntakeRate, .crimeReportResolutionRate, .clearanceRate: nil
        }
    }
}
