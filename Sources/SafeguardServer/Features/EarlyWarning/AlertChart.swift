import Foundation

/// An alert's series as an SVG chart drawn on the server: the monthly counts as bars, the
/// detector's upper bound for each month it could compute as a dashed line, the expected count
/// as a thin line, and the alerting month marked. Title and a text description for screen readers.
struct AlertChart {
    var labels: [String]
    var counts: [Int]
    var bounds: [Double?]
    var expected: [Double?]
    var title: String
    var description: String
    var width = 640.0
    var height = 220.0

    var svg: String {
        let left = 36.0, bottom = 24.0, top = 8.0
        let plotWidth = width - left - 8, plotHeight = height - bottom - top
        let maximum = max(1, Double(counts.max() ?? 1), bounds.compactMap { $0 }.max() ?? 0) * 1.1
        let step = plotWidth / Double(max(counts.count, 1))
        func x(_ i: Int) -> Double { left + Double(i) * step }
        func y(_ v: Double) -> Double { top + plotHeight - v / maximum * plotHeight }
        var parts: [String] = []
        for (i, count) in counts.enumerated() {
            let last = i == counts.count - 1
            parts.append("<rect x=\"\(SVG.number(x(i) + 1))\" y=\"\(SVG.number(y(Double(count))))\" width=\"\(SVG.number(max(step - 2, 1)))\" height=\"\(SVG.number(plotHeight + top - y(Double(count))))\" class=\"\(last ? "alert-bar-now" : "alert-bar")\"><title>\(SVG.escape(labels[i])): \(count)</title></rect>")
        }
        func line(_ values: [Double?], _ style: String) -> String {
            var path = "", pen = false
            for (i, value) in values.enumerated() {
                guard let value else { pen = false; continue }
                path += "\(pen ? "L" : "M")\(SVG.number(x(i) + step / 2)) \(SVG.number(y(value))) "
                pen = true
            }
            return path.isEmpty ? "" : "<path d=\"\(path)\" class=\"\(style)\"/>"
        }
        parts.append(line(expected, "alert-expected"))
        parts.append(line(bounds, "alert-bound"))
        // Axes: 0 and the top value, and every sixth month's label.
        parts.append("<line x1=\"\(SVG.number(left))\" x2=\"\(SVG.number(width - 8))\" y1=\"\(SVG.number(top + plotHeight))\" y2=\"\(SVG.number(top + plotHeight))\" class=\"alert-axis\"/>")
        parts.append("<text x=\"\(SVG.number(left - 4))\" y=\"\(SVG.number(top + plotHeight))\" class=\"alert-tick\" text-anchor=\"end\">0</text>")
        parts.append("<text x=\"\(SVG.number(left - 4))\" y=\"\(SVG.number(top + 10))\" class=\"alert-tick\" text-anchor=\"end\">\(Int(maximum.rounded()))</text>")
        for i in labels.indices where (labels.count - 1 - i) % 6 == 0 {
            parts.append("<text x=\"\(SVG.number(x(i) + step / 2))\" y=\"\(SVG.number(height - 6))\" class=\"alert-tick\" text-anchor=\"middle\">\(SVG.escape(labels[i]))</text>")
        }
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="alert-chart" viewBox="0 0 \(SVG.number(width)) \(SVG.number(height))" role="img" aria-labelledby="ac-t ac-d">\
            <title id="ac-t">\(SVG.escape(title))</title><desc id="ac-d">\(SVG.escape(description))</desc>\(parts.joined())</svg>
            """
    }
}
