import Foundation

/// A small line chart drawn as SVG on the server: no JavaScript, prints as is, and carries
/// a title and a text description for screen readers.
struct Sparkline {
    var values: [Double?]
    var threshold: Double?
    var width = 120.0
    var height = 32.0
    var title: String
    var description: String

    var svg: String {
        let present = values.compactMap { $0 }
        let top = max(present.max() ?? 1, threshold ?? 0) * 1.05
        let bottom = min(present.min() ?? 0, threshold ?? .greatestFiniteMagnitude) * 0.95
        let span = max(top - bottom, 1e-9)
        let step = values.count > 1 ? width / Double(values.count - 1) : width
        func y(_ v: Double) -> String { SVG.number(height - (v - bottom) / span * (height - 4) - 2) }
        var path = ""
        var pen = false
        for (i, value) in values.enumerated() {
            guard let value else { pen = false; continue }
            path += "\(pen ? "L" : "M")\(SVG.number(Double(i) * step)) \(y(value)) "
            pen = true
        }
        let last = values.enumerated().last { $0.element != nil }
        let dot = last.map { "<circle cx=\"\(SVG.number(Double($0.offset) * step))\" cy=\"\(y($0.element!))\" r=\"2.5\" class=\"spark-dot\"/>" } ?? ""
        let rule = threshold.map { "<line x1=\"0\" x2=\"\(SVG.number(width))\" y1=\"\(y($0))\" y2=\"\(y($0))\" class=\"spark-threshold\"/>" } ?? ""
        let id = "s\(abs(title.hashValue) % 1_000_000)"
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="sparkline" width="\(SVG.number(width))" height="\(SVG.number(height))" \
            viewBox="0 0 \(SVG.number(width)) \(SVG.number(height))" role="img" aria-labelledby="\(id)t \(id)d">\
            <title id="\(id)t">\(SVG.escape(title))</title><desc id="\(id)d">\(SVG.escape(description))</desc>\
            \(rule)<path d="\(path.trimmingCharacters(in: .whitespaces))" class="spark-line"/>\(dot)</svg>
            """
    }
}
