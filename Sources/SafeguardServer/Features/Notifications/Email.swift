import Foundation
import SafeguardCore

/// A plain-text e-mail in Vietnamese: headers as RFC 2047 encoded words and the body in base64, so
/// every server takes it whether or not it speaks SMTPUTF8 (RFC 6531).
struct Email: Sendable, Equatable {
    var fromName: String
    var fromAddress: String
    var to: [String]
    var subject: String
    var body: String

    /// Whether an address can go into an SMTP command and a header as is: ASCII, one `@`, no spaces,
    /// angle brackets or line breaks (nothing that could inject a header or a command).
    static func isValidAddress(_ text: String) -> Bool { EmailAddress.isValid(text) }

    /// `=?UTF-8?B?…?=` when the text is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 32 }) ? text : "=?UTF-8?B?\(Data(text.utf8).base64EncodedString())?="
    }

    /// The message as sent after DATA: CRLF line ends, base64 body in lines of 76.
    func rendered(date: Date, messageID: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let encoded = Data(body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return [
            "From: \(Self.encodedWord(fromName)) <\(fromAddress)>",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(formatter.string(from: date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            encoded,
        ].joined(separator: "\r\n")
    }
}
