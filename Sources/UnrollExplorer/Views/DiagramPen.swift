/// Which way an arrow points.
enum ArrowHead { case left, right, none }

/// Drawing in one area only: everything outside it is left alone, whatever the geometry asks for.
struct DiagramPen {
    let area: Rect
    var canvas: Canvas
    let glyphs: DiagramGlyphs

    init(area: Rect, canvas: Canvas) {
        self.area = area
        self.canvas = canvas
        glyphs = .of(canvas.theme)
    }

    /// Columns `text` takes as the theme shows it.
    func columns(_ text: String) -> Int { DisplayWidth.of(canvas.theme.displayable(text)) }

    mutating func put(_ x: Int, _ y: Int, _ glyph: Character, _ style: Style) {
        canvas.put(x, y, glyph, style, clip: area)
    }

    /// Text from (x, y), cut at `maxWidth` and at the area's edge.
    mutating func text(_ x: Int, _ y: Int, _ text: String, _ style: Style, maxWidth: Int? = nil) {
        guard y >= area.y, y < area.maxY, x >= area.x, x < area.maxX else { return }
        canvas.text(x, y, text, style, maxWidth: min(maxWidth ?? area.maxX - x, area.maxX - x))
    }

    /// Text centred on column `centre`, in at most `width` columns.
    mutating func centred(_ centre: Int, _ y: Int, _ text: String, width: Int, _ style: Style) {
        let w = min(columns(text), width)
        let x = max(centre - w / 2, area.x)
        self.text(x, y, text, style, maxWidth: w)
    }

    mutating func frame(_ x: Int, _ y: Int, width: Int, height: Int, _ f: DiagramGlyphs.Frame, _ style: Style) {
        guard width >= 2, height >= 2 else { return }
        for k in 1..<(width - 1) {
            put(x + k, y, f.horizontal, style)
            put(x + k, y + height - 1, f.horizontal, style)
        }
        for k in 1..<(height - 1) {
            put(x, y + k, f.vertical, style)
            put(x + width - 1, y + k, f.vertical, style)
        }
        put(x, y, f.topLeft, style)
        put(x + width - 1, y, f.topRight, style)
        put(x, y + height - 1, f.bottomLeft, style)
        put(x + width - 1, y + height - 1, f.bottomRight, style)
    }

    /// An arrow across `width` columns from x, its label on the line where it fits (without it where it does not).
    mutating func arrow(_ x: Int, _ y: Int, width: Int, head: ArrowHead, label: String?, dashed: Bool, _ style: Style) {
        let line = dashed ? glyphs.dashed : glyphs.line
        for k in 0..<width { put(x + k, y, line, style) }
        switch head {
        case .right: put(x + width - 1, y, glyphs.right, style)
        case .left: put(x, y, glyphs.left, style)
        case .none: break
        }
        guard let label else { return }
        let w = columns(label)
        let room = width - (head == .none ? 0 : 1)
        guard w <= room else { return }
        // One column of line before the label where there is room for it, after the head pointing left.
        let start = head == .left ? x + 1 : x + (w < room ? 1 : 0)
        text(start, y, label, style, maxWidth: w)
    }
}
