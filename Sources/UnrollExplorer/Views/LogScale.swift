import UnrollCore

/// A vertical log scale over some rows: whole decades from the values' range, nan and inf left to the caller.
struct LogScale {
    let top: Float, bottom: Float, rows: Int, y0: Int

    init(values: [Float], rows: Int, y: Int, maxDecades: Float = 12) {
        let logs = values.filter { $0.isFinite && $0 > 0 }.map { log10($0) }
        let high = (logs.max() ?? 0).rounded(.up)
        top = high
        bottom = max((logs.min() ?? (high - 1)).rounded(.down), high - maxDecades)
        self.rows = rows
        y0 = y
    }

    /// The row of a positive finite value (below the range: the bottom row); nil for nan, inf and ≤ 0.
    func row(_ v: Float) -> Int? {
        guard v.isFinite, v > 0, rows > 0 else { return nil }
        let span = max(top - bottom, 1)
        let fraction = min(max((top - log10(v)) / span, 0), 1)
        return y0 + (Int(clamping: (fraction * Float(rows - 1)).rounded(), to: 0...(rows - 1)) ?? 0)
    }

    /// Labels for the top and bottom rows, e.g. "1e+00".
    var topLabel: String { Self.label(decade: top) }
    var bottomLabel: String { Self.label(decade: top - max(top - bottom, 1)) }

    /// The label of a decade's row, e.g. "1e-03" ("1e?" for one out of range).
    static func label(decade e: Float) -> String {
        guard e.isFinite, let n = Int(clamping: e, to: -999...999) else { return "1e?" }
        return "1e" + (n < 0 ? "-" : "+") + (abs(n) < 10 ? "0" : "") + String(abs(n))
    }
}
