import UnrollCore
@testable import UnrollExplorer

/// Runs keys (by name) from a fresh explorer on `spec` and renders the screen.
func screen(_ spec: ExperimentSpec = ExperimentSpec(), keys: String = "", width: Int = 80, height: Int = 24,
            theme: Theme = .plainUnicode, clipping: Bool = false) throws -> (ExplorerState, Canvas) {
    let state = Snapshot.run(try Snapshot.keys(keys), from: ExplorerState(spec: spec, clipping: clipping))
    return (state, Snapshot.render(state, width: width, height: height, theme: theme))
}

extension Canvas {
    /// The row whose text contains `needle`, if any.
    func firstRow(containing needle: String) -> Int? { lines.firstIndex { $0.contains(needle) } }

    /// The row that starts with `prefix` (a heatmap row starts with its unit's label).
    func firstRow(startingWith prefix: String) -> Int? { lines.firstIndex { $0.hasPrefix(prefix) } }

    /// The glyphs of row y from column x, `count` of them.
    func glyphs(_ x: Int, _ y: Int, count: Int) -> String { String((x..<(x + count)).map { self[$0, y].glyph }) }
}

/// The bar glyphs for a fraction over `width` cells: an independent statement of "eighths, rounded".
func expectedBar(_ fraction: Float, width: Int) -> String {
    let ramp: [Character] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    let eighths = Int((min(max(fraction, 0), 1) * Float(width * 8)).rounded())
    return String((0..<width).map { ramp[min(max(eighths - $0 * 8, 0), 8)] })
}
