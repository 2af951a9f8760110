import UnrollCore

/// Whole decades on a log axis, 10^bottom … 10^top: the one scale the plots place positive values on (the
/// gradient across time, the training curves, the sources' triangle). nan, inf and 0 are left to the caller.
public struct DecadeRange: Equatable, Sendable {
    public let top: Float, bottom: Float

    /// 10^bottom … 10^top, at least one decade.
    public init(top: Float, bottom: Float) {
        self.top = top
        self.bottom = min(bottom, top - 1)
    }

    /// The whole decades that hold the positive finite `values`, the bottom at most `maxDecades` below the
    /// top (below that a value is simply at the bottom); 10^-1 … 10^0 when there is none.
    public init(covering values: [Float], maxDecades: Float) {
        let logs = values.filter { $0.isFinite && $0 > 0 }.map { log10($0) }
        let top = (logs.max() ?? 0).rounded(.up)
        self.init(top: top, bottom: max((logs.min() ?? (top - 1)).rounded(.down), top - maxDecades))
    }

    /// Decades from the top to the bottom; at least 1 even where a range read from a file is too large for
    /// `top - 1` to differ from `top`.
    var span: Float { max(top - bottom, 1) }

    /// How far down the axis `v` lies: 0 at the top, 1 at the bottom, beyond them off the axis; nil for nan,
    /// inf and ≤ 0.
    func depth(of v: Float) -> Float? { v.isFinite && v > 0 ? (top - log10(v)) / span : nil }

    /// How far up the axis `v` lies: 0 at the bottom, 1 at the top; nil as for `depth`.
    func height(of v: Float) -> Float? { v.isFinite && v > 0 ? (log10(v) - bottom) / span : nil }

    /// The row of `v` among `rows` rows from `y` down, off-axis values on the nearer end; nil as for `depth`.
    func row(of v: Float, rows: Int, from y: Int) -> Int? {
        guard let depth = depth(of: v), rows > 0 else { return nil }
        return y + (Int(clamping: (min(max(depth, 0), 1) * Float(rows - 1)).rounded(), to: 0...(rows - 1)) ?? 0)
    }

    /// The labels of the top and bottom rows, e.g. "1e+00".
    var topLabel: String { Self.label(decade: top) }
    var bottomLabel: String { Self.label(decade: top - span) }

    /// The label of a decade's row, e.g. "1e-03" ("1e?" for one out of range).
    static func label(decade e: Float) -> String {
        guard e.isFinite, let n = Int(clamping: e, to: -999...999) else { return "1e?" }
        return "1e" + (n < 0 ? "-" : "+") + (abs(n) < 10 ? "0" : "") + String(abs(n))
    }
}
