/// The bottom line: the keys that matter on this screen, as htop shows them; a click on one presses it.
enum KeyBarView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        let keys = KeyBindings.keyBar(for: state).map { (key: $0.keys[0].label, label: $0.short, press: Optional($0.keys[0])) }
        // Help is always at the end, so every other key can be found from there.
        let help = keys.filter { $0.label == "help" }, rest = keys.filter { $0.label != "help" }
        let helpWidth = help.reduce(0) { $0 + canvas.theme.displayable($1.key).count + $1.label.count + 3 }
        let x = draw(rest, in: Rect(x: area.x, y: area.y, width: area.width - helpWidth, height: 1), on: &canvas)
        if !help.isEmpty {
            canvas.fill(Rect(x: x, y: area.y, width: area.maxX - x, height: 1), " ", .keyBar)
            draw(help, in: Rect(x: area.maxX - helpWidth, y: area.y, width: helpWidth, height: 1), on: &canvas)
        }
    }

    /// Clears the line and draws keys with their labels while they fit, each (with its label) standing for
    /// its `press` key to the mouse; returns the column after the last.
    @discardableResult
    static func draw(_ keys: [(key: String, label: String, press: Key?)], in area: Rect, on canvas: inout Canvas) -> Int {
        canvas.fill(area, " ", .keyBar)
        var x = area.x
        for (key, label, press) in keys {
            let needed = canvas.theme.displayable(key).count + label.count + 3
            if x + needed > area.maxX { break }
            let start = x
            x = canvas.text(x, area.y, key, .keyBarKey)
            x = canvas.text(x, area.y, " " + label + "  ", .keyBar)
            if let press { canvas.region(Rect(x: start, y: area.y, width: x - start, height: 1), .key(press)) }
        }
        return x
    }
}
