import Foundation
import SafeguardCore

/// The hotspot map as SVG drawn on the server, on a plain canvas (no tile server is available):
/// every cell with some risk shaded by its kernel density, the riskiest cells outlined by the
/// coverage that flags them (1%, 2%, 5% of the grid), the units' names where their cases lie, and a
/// scale bar. North is up. Title and a text description for screen readers.
struct HotspotMapView {
    var map: HotspotMap
    var unitNames: [String: String]
    var title: String
    var description: String
    var scaleLabel: (Double) -> String
    var width = 720.0

    var svg: String {
        let grid = map.grid
        let pixel = width / Double(grid.columns)
        let height = pixel * Double(grid.rows)
        let peak = map.risk.max() ?? 0
        func x(_ metres: Double) -> Double { metres / grid.cellSize * pixel }
        func y(_ metres: Double) -> Double { height - metres / grid.cellSize * pixel }
        /// A cell's square: row 0 is the southernmost, drawn at the bottom.
        func square(_ cell: Int) -> String {
            let column = Double(cell % grid.columns), row = Double(cell / grid.columns)
            return "x=\"\(SVG.number(column * pixel))\" y=\"\(SVG.number(height - (row + 1) * pixel))\" width=\"\(SVG.number(pixel))\" height=\"\(SVG.number(pixel))\""
        }
        var parts = ["<rect x=\"0\" y=\"0\" width=\"\(SVG.number(width))\" height=\"\(SVG.number(height))\" class=\"hs-canvas\"/>"]
        for (cell, risk) in map.risk.enumerated() where risk > 0 && peak > 0 {
            // Square root: a cell with a quarter of the peak's density still shows at half strength.
            let opacity = 0.08 + 0.82 * (risk / peak).squareRoot()
            let coverage = map.flagged[cell].map { " data-coverage=\"\(Int($0 * 100))\"" } ?? ""
            parts.append("<rect \(square(cell)) class=\"hs-cell\" fill-opacity=\"\(String(format: "%.2f", opacity))\"\(coverage)/>")
        }
        // Outlines on top of every fill, widest coverage first so the 1% cells stay visible.
        for coverage in HotspotMap.coverages.reversed() {
            for (cell, flagged) in map.flagged where flagged == coverage {
                parts.append("<rect \(square(cell)) class=\"hs-flag-\(Int(coverage * 100))\"/>")
            }
        }
        for label in map.labels.prefix(25) {
            let name = unitNames[label.unit] ?? label.unit
            parts.append("<text x=\"\(SVG.number(x(label.x)))\" y=\"\(SVG.number(y(label.y)))\" class=\"hs-label\">\(SVG.escape(name))</text>")
        }
        // A scale bar of a round length near a fifth of the width.
        let target = Double(grid.columns) * grid.cellSize / 5
        let length = [250.0, 500, 1000, 2000, 5000, 10000, 20000, 50000].last { $0 <= target } ?? 250
        let barY = height - 10
        parts.append("<line x1=\"10\" x2=\"\(SVG.number(10 + x(length)))\" y1=\"\(SVG.number(barY))\" y2=\"\(SVG.number(barY))\" class=\"hs-scale\"/>")
        parts.append("<text x=\"10\" y=\"\(SVG.number(barY - 4))\" class=\"hs-scale-text\">\(SVG.escape(scaleLabel(length)))</text>")
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(SVG.number(width)) \(SVG.number(height))" class="hs-map" role="img" aria-labelledby="hs-t hs-d">\
            <title id="hs-t">\(SVG.escape(title))</title><desc id="hs-d">\(SVG.escape(description))</desc>\(parts.joined())</svg>
            """
    }
}
