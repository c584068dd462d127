/// A number as people read it: a whole value without ".0", otherwise as Swift writes it.
///
/// `String(Int(value))` traps when the value is beyond `Int`'s range (a drug plant area of 1e19 m²
/// typed by mistake or by an attacker), so the whole-number form is used only where it is exact;
/// anything larger or not finite is written as the `Double` it is.
public enum NumberText {
    public static func plain(_ value: Double) -> String {
        if value.isFinite, value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
