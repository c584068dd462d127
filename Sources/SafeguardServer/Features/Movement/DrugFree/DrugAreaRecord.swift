import Fluent
import Foundation
import SafeguardCore

/// A commune's drug situation in a year: the figures the key-area rule is judged on
/// (`DrugKeyArea`), the drug-free checklist items met (`RecognitionChecklist`), and the recognition
/// decision once the committee has made it.
final class DrugAreaRecord: Model, @unchecked Sendable {
    static let schema = "drug_areas"

    @ID(key: .id) var id: UUID?
    @Field(key: "unit_code") var unitCode: String
    @Field(key: "unit_path") var unitPath: String
    @Field(key: "province_code") var provinceCode: String
    @Field(key: "year") var year: Int
    @Field(key: "population") var population: Int
    @Field(key: "users") var users: Int
    @Field(key: "venues") var venues: Int
    @Field(key: "offenders") var offenders: Int
    @Field(key: "drug_plants") var drugPlants: Int
    @Field(key: "drug_plant_area") var drugPlantArea: Double
    @Field(key: "on_route") var onRoute: Bool
    /// Checklist item codes met, comma-separated.
    @Field(key: "met") var met: String
    @OptionalField(key: "decision_number") var decisionNumber: String?
    @OptionalField(key: "decision_date") var decisionDate: String?
    @Field(key: "updated_by") var updatedBy: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var figures: DrugKeyArea.Figures {
        .init(population: population, users: users, venues: venues, offenders: offenders, drugPlants: drugPlants, drugPlantArea: drugPlantArea,
              onTraffickingRoute: onRoute)
    }

    var metCodes: Set<String> { Set(met.split(separator: ",").map(String.init)) }
    var isRecognised: Bool { decisionNumber != nil }
}
