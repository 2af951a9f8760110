/// The bottom line: the keys that matter on this screen, as htop shows them.
enum KeyBarView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        draw(KeyBindings.keyBar(for: state).map { ($0.keys[0].label, $0.short) }, in: area, on: &canvas)
    }

    /// Clears the line and draws keys with their labels while they fit; returns the column after the last.
    @discardableResult
    static func draw(_ keys: [(key: String, label: String)], in area: Rect, on canvas: inout Canvas) -> Int {
        canvas.fill(area, " ", .keyBar)
        var x = area.x
        for (key, label) in keys {
            let needed = canvas.theme.displayable(key).count + label.count + 3
            if x + needed > area.maxX { break }
            x = canvas.text(x, area.y, key, .keyBarKey)
            x = canvas.text(x, area.y, " " + label + "  ", .keyBar)
        }
        return x
    }
}
