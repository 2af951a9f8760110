extension Canvas {
    /// A left-aligned bar of `fraction` ∈ [0, 1] over `width` cells in eighths; nan draws "nan".
    mutating func bar(_ x: Int, _ y: Int, width: Int, fraction: Float, _ style: Style) {
        guard fraction.isFinite else {
            text(x, y, fraction.isNaN ? "nan" : "inf", .danger, maxWidth: width)
            return
        }
        let eighths = Int(clamping: (fraction * Float(width * 8)).rounded(), to: 0...max(width * 8, 0)) ?? 0
        for k in 0..<max(width, 0) {
            let filled = min(max(eighths - k * 8, 0), 8)
            put(x + k, y, theme.glyphs.barEighths[filled], style)
        }
    }

    /// A signed value in [−1, 1] as a sign and a bar of its magnitude over `width` cells (sign included), in
    /// the signed scale's colour; the sign carries the meaning without colour.
    mutating func signedBar(_ x: Int, _ y: Int, width: Int, value: Float, scale: Float = 1) {
        guard value.isFinite else {
            // In a column three wide, infinity's sign or its word goes before the word is cut.
            firstFitting(x, y, value.isNaN ? ["nan"] : (value > 0 ? ["+inf", "inf"] : ["-inf", "−∞"]), .danger, maxWidth: width)
            return
        }
        // The bar's length shows the size; the colour only the sign, so neighbouring bars share colours and
        // a step sends fewer colour changes to a remote terminal.
        let style: Style = .signed(value < 0 ? -3 : (value > 0 ? 3 : 0))
        put(x, y, value < 0 ? "-" : "+", style)
        bar(x + 1, y, width: width - 1, fraction: min(abs(value) / scale, 1), style)
    }

    /// One heat cell on the signed scale.
    mutating func heat(_ x: Int, _ y: Int, value: Float, scale: Float = 1) {
        if value.isNaN { put(x, y, "?", .danger); return }
        let level = Levels.signed(value, scale: scale)
        put(x, y, theme.heatGlyph(level), .signed(level))
    }

    /// The legend of the signed scale: "−1 ▁▂▃▄·▅▆▇█ +1" (or its colour blocks).
    @discardableResult
    mutating func signedLegend(_ x: Int, _ y: Int, low: String = "-1", high: String = "+1") -> Int {
        var column = text(x, y, low + " ", .dim)
        for level in Int8(-4)...Int8(4) {
            put(column, y, theme.heatGlyph(level), .signed(level))
            column += 1
        }
        return text(column, y, " " + high, .dim)
    }
}

extension Canvas {
    /// One heat cell on the magnitude scale, for a gate in (0, 1): brighter and fuller the more it lets through.
    mutating func magnitudeHeat(_ x: Int, _ y: Int, fraction: Float) {
        if fraction.isNaN { put(x, y, "?", .danger); return }
        let level = Levels.magnitude(fraction)
        put(x, y, theme.glyphs.magnitudeRamp[Int(max(level, 1))], .magnitude(level))
    }

    /// The legend of the magnitude scale: "0 ▁▂▃▄▅▆▇█ 1".
    @discardableResult
    mutating func magnitudeLegend(_ x: Int, _ y: Int, low: String = "0", high: String = "1") -> Int {
        var column = text(x, y, low + " ", .dim)
        for level in Int8(1)...Int8(8) {
            put(column, y, theme.glyphs.magnitudeRamp[Int(level)], .magnitude(level))
            column += 1
        }
        return text(column, y, " " + high, .dim)
    }
}
