/// Writing CSV that people open in a spreadsheet.
///
/// A field that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is taken by Excel and
/// LibreOffice for a formula: a unit's name `=HYPERLINK("http://…","Bấm vào đây")` in an export
/// would become a live link, or worse (OWASP, "CSV Injection"). Such a field is written with a
/// leading apostrophe, which spreadsheets show as text and do not display; a plain number
/// (`-5`, `+84 912…` is not one) is left as it is.
public enum CSVWriter {
    public static func line(_ fields: [String]) -> String {
        fields.map { CSVReader.quote(neutralised($0)) }.joined(separator: ",")
    }

    public static func neutralised(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return field }
        if Double(field) != nil, first == "-" || first == "+" { return field }
        return "'" + field
    }
}
