import Foundation

// Elementary functions under names that do not clash with locals; Foundation provides them on every platform.
@inline(__always) func logarithm(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) func exponentialFunction(_ x: Double) -> Double { Foundation.exp(x) }
@inline(__always) func cosine(_ x: Double) -> Double { Foundation.cos(x) }
@inline(__always) func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
