/// Địa chỉ e-mail: what Safeguard accepts as one — an address an SMTP server will take in a
/// `MAIL FROM`/`RCPT TO` without quoting: ASCII, one `@`, a dot in the domain, none of the
/// characters that need quoting or could break a header.
public enum EmailAddress {
    public static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && text.count <= 254
            && text.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 && $0.value < 127 && !"<>()[],;:\"\\".unicodeScalars.contains($0) }
    }
}
