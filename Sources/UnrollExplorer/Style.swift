/// What a cell on screen means. Views speak only in these roles; the `Theme` turns them into colours and
/// attributes for the terminal at hand.
public enum Style: Hashable, Sendable {
    case normal
    case dim
    case title
    case accent
    case warning
    case danger
    case good
    case selected
    case marker
    case keyBar
    case keyBarKey
    case border
    /// A value on the one signed scale used everywhere: level −4 (strongly negative) … +4.
    case signed(Int8)
    /// A magnitude from 0 (none) to 8 (full), for gates in [0, 1] and log-scaled norms.
    case magnitude(Int8)
    /// The plotted gradient norm ‖∂L/∂hₜ‖.
    case plotHidden
    /// The plotted cell-state gradient norm ‖∂L/∂cₜ‖.
    case plotCell
    /// The plotted bound (γ·σ_max)^(T−t).
    case plotBound
    /// The previous model's gradient, drawn faintly under the current one.
    case plotGhost
}

/// Quantisation of values into style levels, shared by every view.
public enum Levels {
    /// The signed level of a value on [−scale, scale]: −4 … 4, 0 only for |x| below an eighth of the scale.
    public static func signed(_ x: Float, scale: Float = 1) -> Int8 {
        guard x.isFinite, scale > 0, scale.isFinite else { return x.isNaN ? 0 : (x > 0 ? 4 : -4) }
        let r = min(max(x / scale, -1), 1)
        if abs(r) < 0.125 { return 0 }
        let level = Int8(Int(clamping: (abs(r) * 4).rounded(.up), to: 0...4) ?? 0)
        return r < 0 ? -level : level
    }

    /// The magnitude level of a fraction in [0, 1]: 0 … 8.
    public static func magnitude(_ f: Float) -> Int8 {
        guard f.isFinite else { return f.isNaN ? 0 : 8 }
        return Int8(Int(clamping: (f * 8).rounded(), to: 0...8) ?? 0)
    }

    /// The level of an attention weight in [0, 1]: as `magnitude`, but any weight above 0 at least 1, so that
    /// every step the row looks at shows.
    public static func share(_ w: Float) -> Int { w > 0 ? max(1, Int(magnitude(w))) : 0 }
}
