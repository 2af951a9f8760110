/// The bottom line: the keys that matter on this screen, as htop shows them.
enum KeyBarView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        let keys = KeyBindings.keyBar(for: state).map { ($0.keys[0].label, $0.short) }
        // Help is always at the end, so every other key can be found from there.
        let help = keys.filter { $0.1 == "help" }, rest = keys.filter { $0.1 != "help" }
        let helpWidth = help.reduce(0) { $0 + canvas.theme.displayable($1.0).count + $1.1.count + 3 }
        let x = draw(rest, in: Rect(x: area.x, y: area.y, width: area.width - helpWidth, height: 1), on: &canvas)
        if !help.isEmpty {
            canvas.fill(Rect(x: x, y: area.y, width: area.maxX - x, height: 1), " ", .keyBar)
            draw(help, in: Rect(x: area.maxX - helpWidth, y: area.y, width: helpWidth, height: 1), on: &canvas)
        }
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
