/// Hoạt động phong trào, tuyên truyền: an activity a unit held — the yearly Ngày hội toàn dân bảo
/// vệ an ninh Tổ quốc (19/8), propaganda sessions, trainings, livestreams, the forum "Công an lắng
/// nghe ý kiến Nhân dân" — with its date, participants and evidence; the reports count them.
public enum OutreachKind: String, Codable, Sendable, CaseIterable {
    case movementDay = "movement-day", propaganda, training, livestream, forum, other

    public var name: String {
        switch self {
        case .movementDay: "Ngày hội toàn dân bảo vệ an ninh Tổ quốc"
        case .propaganda: "Tuyên truyền"
        case .training: "Tập huấn"
        case .livestream: "Livestream, tuyên truyền trực tuyến"
        case .forum: "Diễn đàn Công an lắng nghe ý kiến Nhân dân"
        case .other: "Khác"
        }
    }
}

/// An activity as typed, checked in one place.
public struct OutreachDraft: Sendable, Equatable {
    public var title: String?
    public var kind: String?
    public var heldOn: String?
    public var participants: String?

    public init(title: String?, kind: String?, heldOn: String?, participants: String?) {
        (self.title, self.kind, self.heldOn, self.participants) = (title, kind, heldOn, participants)
    }

    public struct Valid: Sendable, Equatable {
        public var title: String
        public var kind: OutreachKind
        public var heldOn: CalendarDate
        public var participants: Int
    }

    /// Every problem at once; an activity cannot be recorded before it is held.
    public func validate(today: CalendarDate) -> Result<Valid, FieldErrors> {
        var errors: [FieldError] = []
        let title = FieldParsing.text(title, field: "title", required: true, maxLength: 300, errors: &errors)
        let kind = self.kind.flatMap { OutreachKind(rawValue: $0.trimmed) }
        if kind == nil { errors.append(FieldError("kind", (self.kind?.trimmed ?? "").isEmpty ? .required : .unknownValue(self.kind ?? ""))) }
        let held = FieldParsing.date(heldOn, field: "held_on", required: true, errors: &errors)
        if let held, held > today { errors.append(FieldError("held_on", .dateInFuture(held.description))) }
        var participants = 0
        if let text = self.participants?.trimmed, !text.isEmpty {
            if let n = Int(text), n >= 0 { participants = n } else { errors.append(FieldError("participants", .malformedNumber(text))) }
        }
        guard errors.isEmpty, let title, let kind, let held else { return .failure(FieldErrors(errors)) }
        return .success(Valid(title: title, kind: kind, heldOn: held, participants: participants))
    }
}
