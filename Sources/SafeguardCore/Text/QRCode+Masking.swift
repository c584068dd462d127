/// Data masks and the penalty that chooses one (ISO/IEC 18004 §7.8).
extension QRCode.Grid {
    /// Whether data mask `mask` inverts the module in row `i`, column `j` (Table 10).
    static func masks(_ mask: Int, i: Int, j: Int) -> Bool {
        switch mask {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }

    /// XORs the mask onto every module outside the function patterns.
    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && Self.masks(mask, i: y, j: x) {
                dark[y * size + x].toggle()
            }
        }
    }

    /// The penalty of §7.8.3 (Table 11) over the whole symbol, format information included;
    /// lower reads more easily. A mask is chosen so that the symbol has no large blocks of one
    /// colour and nothing a reader could take for a finder.
    ///
    /// 1. each run of five or more modules of one colour in a row or column: 3, plus 1 for
    ///    each module beyond five;
    /// 2. each 2 × 2 block of one colour (blocks may overlap): 3;
    /// 3. each 1:1:3:1:1 dark–light–dark–light–dark pattern with four light modules before or
    ///    after it (or both: it is one pattern), in a row or column: 40. The quiet zone around
    ///    the symbol is light, so modules past the edge count as light;
    /// 4. the share of dark modules: 10 for each whole 5 % it lies away from 50 %.
    func penalty() -> Int {
        var score = 0
        func at(_ x: Int, _ y: Int) -> Bool { dark[y * size + x] }
        for horizontal in [true, false] {
            for line in 0..<size {
                func module(_ k: Int) -> Bool {
                    guard k >= 0, k < size else { return false }
                    return horizontal ? at(k, line) : at(line, k)
                }
                // Rule 1.
                var run = 1
                for k in 1...size {
                    if k < size, module(k) == module(k - 1) {
                        run += 1
                    } else {
                        if run >= 5 { score += 3 + run - 5 }
                        run = 1
                    }
                }
                // Rule 3: the 7-module core at k…k+6, then four light modules on one side.
                for k in 0...(size - 7) {
                    let core = module(k) && !module(k + 1) && module(k + 2) && module(k + 3) && module(k + 4)
                        && !module(k + 5) && module(k + 6)
                    guard core else { continue }
                    let lightBefore = (k - 4..<k).allSatisfy { !module($0) }
                    let lightAfter = (k + 7..<k + 11).allSatisfy { !module($0) }
                    if lightBefore || lightAfter { score += 40 }
                }
            }
        }
        // Rule 2.
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let c = at(x, y)
                if at(x + 1, y) == c, at(x, y + 1) == c, at(x + 1, y + 1) == c { score += 3 }
            }
        }
        // Rule 4: k whole steps of 5 % from 50 %, i.e. |dark/total × 100 − 50| / 5 rounded down.
        let darkCount = dark.lazy.filter { $0 }.count
        let total = size * size
        score += 10 * (abs(20 * darkCount - 10 * total) / total)
        return score
    }
}
