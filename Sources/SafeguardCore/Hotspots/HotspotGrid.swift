import Foundation

/// A square grid laid over a province for hotspot maps: cells of `cellSize` metres on an
/// equirectangular projection around the area's centre (accurate to well under a cell across a
/// province the size of Hải Phòng). Cells are numbered row by row from the south-west corner.
public struct HotspotGrid: Sendable, Equatable {
    public var minLatitude: Double
    public var minLongitude: Double
    public var cellSize: Double
    public var columns: Int
    public var rows: Int
    private var metresPerDegreeLongitude: Double

    static let metresPerDegreeLatitude = 111_320.0

    /// The smallest grid of `cellSize`-metre cells covering the points (latitude, longitude).
    public init?(covering points: [(latitude: Double, longitude: Double)], cellSize: Double) {
        guard cellSize > 0, let minLat = points.map(\.latitude).min(), let maxLat = points.map(\.latitude).max(),
              let minLon = points.map(\.longitude).min(), let maxLon = points.map(\.longitude).max() else { return nil }
        minLatitude = minLat
        minLongitude = minLon
        self.cellSize = cellSize
        metresPerDegreeLongitude = Self.metresPerDegreeLatitude * cos((minLat + maxLat) / 2 * .pi / 180)
        columns = max(1, Int(((maxLon - minLon) * metresPerDegreeLongitude / cellSize).rounded(.down)) + 1)
        rows = max(1, Int(((maxLat - minLat) * Self.metresPerDegreeLatitude / cellSize).rounded(.down)) + 1)
    }

    public var cellCount: Int { columns * rows }

    /// The position in metres east and north of the south-west corner.
    public func metres(latitude: Double, longitude: Double) -> (x: Double, y: Double) {
        ((longitude - minLongitude) * metresPerDegreeLongitude, (latitude - minLatitude) * Self.metresPerDegreeLatitude)
    }

    /// The cell holding a point, nil outside the grid.
    public func cell(latitude: Double, longitude: Double) -> Int? {
        let (x, y) = metres(latitude: latitude, longitude: longitude)
        return cell(x: x, y: y)
    }

    /// The cell holding a position in metres from the south-west corner, nil outside the grid.
    public func cell(x: Double, y: Double) -> Int? {
        let column = Int((x / cellSize).rounded(.down)), row = Int((y / cellSize).rounded(.down))
        guard (0..<columns).contains(column), (0..<rows).contains(row) else { return nil }
        return row * columns + column
    }

    /// The cells at most `reach` cells away from `cell` in either direction (a square), each with
    /// its distance in cells (the larger of the row and column offsets).
    public func neighbourhood(of cell: Int, reach: Int) -> [(cell: Int, distance: Int)] {
        let row = cell / columns, column = cell % columns
        var result: [(cell: Int, distance: Int)] = []
        for r in max(0, row - reach)...min(rows - 1, row + reach) {
            for c in max(0, column - reach)...min(columns - 1, column + reach) {
                result.append((r * columns + c, max(abs(r - row), abs(c - column))))
            }
        }
        return result
    }

    /// The centre of a cell in metres from the south-west corner.
    public func centre(of cell: Int) -> (x: Double, y: Double) {
        ((Double(cell % columns) + 0.5) * cellSize, (Double(cell / columns) + 0.5) * cellSize)
    }
}

/// A crime placed on the grid: its position in metres and its day number.
public struct HotspotEvent: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var day: Int

    public init(x: Double, y: Double, day: Int) {
        self.x = x
        self.y = y
        self.day = day
    }
}
