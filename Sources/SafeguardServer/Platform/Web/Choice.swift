import Vapor

/// One option of a `<select>` or a set of radio buttons: the value sent, the label shown, and
/// whether the page shows it chosen (the filter in force, the value typed before a refusal).
struct Choice: Encodable {
    var value: String
    var label: String
    var selected = false
}
