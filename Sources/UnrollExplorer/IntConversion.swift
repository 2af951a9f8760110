extension Int {
    /// `value` rounded toward zero and clamped to `range`; ±inf go to its ends, nan gives nil. `Int(x)` traps
    /// on nan, inf and anything beyond ±9.2e18, and values reach the views and conditions from files.
    public init?<F: BinaryFloatingPoint>(clamping value: F, to range: ClosedRange<Int>) {
        guard !value.isNaN else { return nil }
        // F(bound) may round outward (Float(Int.max) is 2^63), so compare first and convert only strictly inside.
        if value >= F(range.upperBound) { self = range.upperBound; return }
        if value <= F(range.lowerBound) { self = range.lowerBound; return }
        self = Swift.min(Swift.max(Int(value), range.lowerBound), range.upperBound)
    }

    /// `value` when it is a whole number inside `range`, else nil (nan, inf, fractions, anything out of range).
    public init?<F: BinaryFloatingPoint>(wholeNumber value: F, in range: ClosedRange<Int>) {
        // ±2^63 are exact in every binary floating-point type, so this comparison is exact too.
        guard value.isFinite, value == value.rounded(.towardZero), value >= -0x1p63, value < 0x1p63 else { return nil }
        let n = Int(value)
        guard range.contains(n) else { return nil }
        self = n
    }
}
