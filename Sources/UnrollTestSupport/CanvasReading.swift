import UnrollExplorer

extension Canvas {
    /// The row whose text contains `needle`, if any.
    public func firstRow(containing needle: String) -> Int? { lines.firstIndex { $0.contains(needle) } }

    /// The row that starts with `prefix` (a heatmap row starts with its unit's label).
    public func firstRow(startingWith prefix: String) -> Int? { lines.firstIndex { $0.hasPrefix(prefix) } }

    /// The glyphs of row y from column x, `count` of them.
    public func glyphs(_ x: Int, _ y: Int, count: Int) -> String { String((x..<(x + count)).map { self[$0, y].glyph }) }
}

/// The bar glyphs for a fraction over `width` cells: an independent statement of "eighths, rounded".
public func expectedBar(_ fraction: Float, width: Int) -> String {
    let ramp: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    let eighths = Int((min(max(fraction, 0), 1) * Float(width * 8)).rounded())
    return String((0..<width).map { ramp[min(max(eighths - $0 * 8, 0), 8)] })
}
