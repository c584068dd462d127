import Vapor

/// `/hotspots`: the hotspot map of the user's scope and how its models did in the last weeks.
struct HotspotPage: Encodable {
    struct Row: Encodable {
        var model: String
        /// "hit rate · PAI" at 1%, 2% and 5% of the area.
        var cells: [String]
    }

    var page: PageContext
    var scopeName: String
    var map: String?
    var summary: String
    var rows: [Row]
    var testEvents: Int
    var notes: [String]
}
