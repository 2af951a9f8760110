/// One character cell: a glyph and what it means.
public struct CanvasCell: Equatable, Sendable {
    /// The character drawn (one column wide).
    public var glyph: Character
    /// Its role.
    public var style: Style

    /// A blank cell.
    public static let blank = CanvasCell(glyph: " ", style: .normal)

    /// The glyph of the cell to the right of a two-column character, which the character covers: the
    /// terminal skips it, and the text of the canvas leaves it out.
    public static let continuation: Character = "\u{2060}"
}

/// An in-memory screen: a grid of cells that views draw into and that a terminal, a snapshot or a test
/// reads back. Drawing outside the grid (or the area a view was given) is clipped, never an error.
public struct Canvas: Sendable {
    /// Columns and rows.
    public let width: Int, height: Int
    /// How roles and glyphs are chosen for the output at hand.
    public let theme: Theme
    /// Row-major cells.
    public private(set) var cells: [CanvasCell]
    /// What the views said the cells stand for, in the order they drew (see `targets(atX:y:)`).
    public private(set) var regions: [HitRegion] = []
    /// Where drawing lands: the whole canvas, or the area a view was given (`drawing(in:_:)`). Outside it,
    /// puts, text, fills and regions do nothing.
    public private(set) var clip: Rect

    /// A blank canvas.
    public init(width: Int, height: Int, theme: Theme) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.theme = theme
        cells = [CanvasCell](repeating: .blank, count: self.width * self.height)
        clip = Rect(x: 0, y: 0, width: self.width, height: self.height)
    }

    /// Runs `draw` with drawing held to `area` (within the clip already in force), then restores the clip: a
    /// view given an area cannot mark a cell outside it, whatever it computes at a size too small for it.
    public mutating func drawing(in area: Rect, _ draw: (inout Canvas) -> Void) {
        let outer = clip
        clip = outer.intersection(area)
        draw(&self)
        clip = outer
    }

    /// The whole canvas as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (x, y).
    public subscript(x: Int, y: Int) -> CanvasCell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = TerminalText.isControl(newValue.glyph) ? CanvasCell(glyph: "?", style: newValue.style) : newValue }
    }

    /// Puts one glyph; outside the canvas (or the clip rectangle) nothing happens. A control character
    /// (which the terminal would obey, from a lesson, a stream or a file) is put as `?`.
    public mutating func put(_ x: Int, _ y: Int, _ glyph: Character, _ style: Style = .normal, clip: Rect? = nil) {
        let clip = clip.map(self.clip.intersection) ?? self.clip
        guard clip.contains(x: x, y: y) else { return }
        // A two-column character needs its second column in the clip (and so on the canvas); else it is "?".
        var glyph = TerminalText.isControl(glyph) ? "?" : glyph
        var wide = DisplayWidth.of(glyph) == 2
        if wide && !clip.contains(x: x + 1, y: y) {
            glyph = "?"
            wide = false
        }
        // A two-column character half overwritten leaves its other half blank.
        let i = y * width + x, old = cells[i].glyph
        if old == CanvasCell.continuation, x > 0 { cells[i - 1].glyph = " " }
        if !wide, DisplayWidth.of(old) == 2, x + 1 < width { cells[i + 1].glyph = " " }
        if wide {
            if DisplayWidth.of(cells[i + 1].glyph) == 2, x + 2 < width { cells[i + 2].glyph = " " }
            cells[i + 1] = CanvasCell(glyph: CanvasCell.continuation, style: style)
        }
        cells[y * width + x] = CanvasCell(glyph: glyph, style: style)
    }

    /// Puts one glyph as the theme can show it (its ASCII stand-in where only ASCII is available).
    public mutating func putSymbol(_ x: Int, _ y: Int, _ glyph: Character, _ style: Style = .normal) {
        put(x, y, theme.displayable(String(glyph)).first ?? "?", style)
    }

    /// Writes text from (x, y), cut at `maxWidth` columns and at the canvas edge. Characters the theme cannot
    /// show (non-ASCII in ASCII mode) are replaced by its fallbacks, and control characters (text from lessons,
    /// recordings and peers passes here) by `TerminalText.replacement`. Returns the column after the text.
    @discardableResult
    public mutating func text(_ x: Int, _ y: Int, _ string: String, _ style: Style = .normal, maxWidth: Int? = nil) -> Int {
        var column = x
        let limit = maxWidth.map { x + $0 } ?? width
        for character in theme.displayable(TerminalText.sanitized(string)) {
            let columns = DisplayWidth.of(character)
            if column + columns > limit { break }
            put(column, y, character, style)
            column += columns
        }
        return column
    }

    /// Records that `rect` stands for `target` to the mouse.
    public mutating func region(_ rect: Rect, _ target: HitTarget) {
        let rect = rect.intersection(clip)
        if !rect.isEmpty { regions.append(HitRegion(rect, target)) }
    }

    /// Fills a rectangle with one glyph; the regions beneath it are covered.
    public mutating func fill(_ rect: Rect, _ glyph: Character = " ", _ style: Style = .normal) {
        let covered = rect.intersection(clip)
        if !covered.isEmpty { regions.append(HitRegion(covered, nil)) }
        for y in rect.y..<(rect.y + rect.height) { for x in rect.x..<(rect.x + rect.width) { put(x, y, glyph, style) } }
    }

    /// A horizontal rule with an optional title, in the theme's line glyphs.
    public mutating func rule(_ x: Int, _ y: Int, width: Int, title: String = "", _ style: Style = .border) {
        for k in 0..<width { put(x + k, y, theme.glyphs.horizontal, style) }
        if !title.isEmpty { text(x + 1, y, " \(title) ", .title, maxWidth: max(0, width - 2)) }
    }

    /// The canvas as lines of text (trailing blanks kept, so every line is `width` columns wide; the second
    /// column of a two-column character is left out).
    public var lines: [String] {
        (0..<height).map { y in String((0..<width).map { self[$0, y].glyph }.filter { $0 != CanvasCell.continuation }) }
    }

    /// The canvas as one string, lines joined by newlines with trailing blanks trimmed.
    public var text: String {
        lines.map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }
}
