/// Numbers as the screen shows them. Never traps: nan and ±inf come out as words.
public enum NumberFormat {
    /// A size in bytes for a meter: "512 B", "12.5 kB", "3.1 MB" (powers of 1000).
    public static func bytes(_ count: Int) -> String {
        let x = Double(count)
        if x < 1000 { return "\(count) B" }
        let (value, unit) = x < 1e6 ? (x / 1e3, "kB") : x < 1e9 ? (x / 1e6, "MB") : (x / 1e9, "GB")
        return (value < 100 ? String(format: "%.1f", value) : String(Int(value.rounded()))) + " " + unit
    }

    /// A time in microseconds, two significant digits at most: "0.84 µs", "4.1 µs", "230 µs", "1.2 ms".
    public static func microseconds(_ x: Float) -> String {
        guard x.isFinite, x >= 0 else { return "? µs" }
        if x >= 1000 { return String(format: x >= 100_000 ? "%.0f ms" : "%.1f ms", Double(x / 1000)) }
        return String(format: x >= 100 ? "%.0f µs" : x >= 10 ? "%.0f µs" : x >= 1 ? "%.1f µs" : "%.2f µs", Double(x))
    }

    /// A count in thousands and millions past four digits: "640", "1.5k", "23k", "1.2M".
    public static func count(_ n: Int) -> String {
        let x = Double(n)
        if x < 1000 { return String(n) }
        if x < 1e6 { return x < 1e4 ? String(format: "%.1fk", x / 1e3) : String(format: "%.0fk", x / 1e3) }
        return x < 1e7 ? String(format: "%.1fM", x / 1e6) : String(format: "%.0fM", x / 1e6)
    }

    /// A fixed-point number with a sign, e.g. `+0.58`, `-1.20`, or `nan`, `+inf`; from 1000 on in two
    /// significant digits, `+5.4e+06`, so a large value keeps the width of a small one.
    public static func signed(_ x: Float, decimals: Int = 2) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "+inf" : "-inf" }
        if abs(x) >= 1000 { return (x < 0 ? "-" : "+") + scientific(abs(x), digits: 2) }
        let body = fixed(abs(x), decimals: decimals)
        return (x < 0 && body.contains(where: { $0 != "0" && $0 != "." }) ? "-" : "+") + body
    }

    /// A number as algebra writes it: no forced sign, a true minus (−0.25), exactly zero as `0`; two
    /// decimals, and two significant digits in scientific form from 1000 on or below 0.005 (`5.4e+06`,
    /// `−3.1e-04`), which a fixed width would cut or round to a false 0.00.
    /// With `scientific`, always in that form (a gradient, which spans decades).
    public static func natural(_ x: Float, scientific always: Bool = false) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "−inf" }
        if x == 0 { return "0" }
        let a = abs(x)
        return (x < 0 ? "−" : "") + (always || a >= 1000 || a < 0.005 ? scientific(a, digits: 2) : fixed(a))
    }

    /// A fixed-point number without a forced sign; a tie goes away from zero, or by `rounding`.
    public static func fixed(_ x: Float, decimals: Int = 2, rounding: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if abs(x) >= 1e7 { return scientific(x) }
        // Past 9 decimals the scaled value would leave Int's range; a Float has no more digits anyway.
        let decimals = min(max(decimals, 0), 9)
        var scale: Double = 1
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (Double(abs(x)) * scale).rounded(rounding)
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        var text = String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: max(0, decimals - digits.count)) + digits
        }
        return (x < 0 && scaled != 0 ? "-" : "") + text
    }

    /// A number just below 1 with enough decimals to tell it from 1: `0.90`, `0.9972`, `0.9999990`. A λ or a
    /// radius of 0.9996 would otherwise show as 1.00, which says the opposite of what it is.
    public static func closeToOne(_ x: Float) -> String {
        // Within 5e-7 of 1 is a Float's rounding (an orthogonal matrix's σ_min of 0.99999994), not a λ: the
        // ssm's λ is held at 1 − 10⁻⁶ at most.
        guard x.isFinite, x > 0.99, 1 - x >= 5e-7 else { return fixed(x) }
        // Two significant digits of 1 − x: 10^(−decimals) at most a tenth of the gap. A Float's gap below 1
        // is at least 6e-8, so 8 decimals always show it.
        var decimals = 2, unit = 0.01
        let gap = Double(1 - x)
        while unit > gap / 10 && decimals < 8 { decimals += 1; unit /= 10 }
        return fixed(x, decimals: decimals)
    }

    /// Scientific notation with `digits` significant digits, e.g. `3e-09`, `1.2e+03`.
    public static func scientific(_ x: Float, digits: Int = 1) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x == 0 { return "0" }
        let value = Double(abs(x))
        var exponent = Int(log10Floor(value))
        var mantissa = value / pow10(exponent)
        var scale: Double = 1
        for _ in 0..<max(0, digits - 1) { scale *= 10 }
        mantissa = (mantissa * scale).rounded() / scale
        if mantissa >= 10 { mantissa /= 10; exponent += 1 }
        let mantissaText = digits <= 1 ? String(Int(mantissa)) : fixed(Float(mantissa), decimals: digits - 1)
        let sign = exponent < 0 ? "-" : "+"
        let e = String(abs(exponent))
        return (x < 0 ? "-" : "") + mantissaText + "e" + sign + (e.count < 2 ? "0" + e : e)
    }

    /// A compact number: fixed for moderate magnitudes, scientific otherwise; just below 1 with the digits
    /// that tell it from 1 (a ρ of 0.996 is not 1.00: below 1 a long product of Jacobians still vanishes).
    public static func compact(_ x: Float) -> String {
        if !x.isFinite || x == 0 { return fixed(x, decimals: 0) }
        if x > 0.99 && x < 1 { return closeToOne(x) }
        let a = abs(x)
        if a >= 0.01 && a < 1000 { return fixed(x, decimals: a < 10 ? 2 : 1) }
        return scientific(x)
    }

    /// A number on the command line's progress lines and tables: four decimals, or three significant digits
    /// in scientific form below 0.001 and from 100 000 on (`0.0123`, `1.23e-05`, `4.56e+07`).
    public static func short(_ x: Float) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        if x != 0 && (abs(x) < 1e-3 || abs(x) >= 1e5) { return scientific(x, digits: 3) }
        if x == 0 { return x.sign == .minus ? "-0.0000" : "0.0000" }
        // A Float times 10⁴ is exact in a Double, so a tie is a true one, and goes to even as printf's does.
        return fixed(x, decimals: 4, rounding: .toNearestOrEven)
    }

    /// A lesson's live number: a count (of units, parameters, floats) as a whole number up to a million, so
    /// 33 parameters do not read as "33.0"; a number just below 1 as `closeToOne`; any other number as `compact`, decimals kept.
    public static func shown(_ x: Double, isCount: Bool) -> String {
        if isCount, x.isFinite, x == x.rounded(), abs(x) < 1e6 { return fixed(Float(x), decimals: 0) }
        return compact(Float(x))
    }

    private static func log10Floor(_ x: Double) -> Double {
        var e = 0.0, v = x
        while v >= 10 { v /= 10; e += 1 }
        while v < 1 { v *= 10; e -= 1 }
        return e
    }

    private static func pow10(_ e: Int) -> Double {
        var p = 1.0
        if e >= 0 { for _ in 0..<e { p *= 10 } } else { for _ in 0..<(-e) { p /= 10 } }
        return p
    }
}
