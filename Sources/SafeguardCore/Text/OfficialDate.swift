/// Địa danh và thời gian ban hành of an administrative document (Decree 30/2020/NĐ-CP, Appendix I):
/// "Hải Phòng, ngày 05 tháng 02 năm 2026" — a leading zero for days 1–9 and for months 1 and 2
/// (so "tháng 01" is never read as "tháng 1x" in a filled-in form), none for months 3–12.
public enum OfficialDate {
    public static func line(place: String, date: CalendarDate) -> String {
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        let month = date.month < 3 ? "0\(date.month)" : "\(date.month)"
        return "\(place), ngày \(day) tháng \(month) năm \(date.year)"
    }
}
