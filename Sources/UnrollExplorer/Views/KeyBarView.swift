/// The bottom line: the keys that matter on this screen, as htop shows them.
enum KeyBarView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        canvas.fill(area, " ", .keyBar)
        var x = area.x
        for binding in KeyBindings.keyBar(for: state) {
            let key = binding.keys[0].label, label = binding.short
            let needed = canvas.theme.displayable(key).count + label.count + 3
            if x + needed > area.maxX { break }
            x = canvas.text(x, area.y, key, .keyBarKey)
            x = canvas.text(x, area.y, " " + label + "  ", .keyBar)
        }
    }
}
