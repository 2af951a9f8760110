/// Every key in the key table, with what it does.
enum HelpView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        canvas.text(area.x + 1, area.y, "Keys", .title)
        var y = area.y + 1
        var seen: Set<String> = []
        for binding in KeyBindings.all {
            let keys = binding.keys.map(\.label).joined(separator: " ")
            guard !seen.contains(binding.help) else { continue }
            seen.insert(binding.help)
            guard y < area.maxY - 1 else { break }
            canvas.text(area.x + 1, y, keys, .keyBarKey, maxWidth: 12)
            canvas.text(area.x + 14, y, binding.help, .normal, maxWidth: area.width - 15)
            y += 1
        }
        if y < area.maxY {
            canvas.text(area.x + 1, y, "^L", .keyBarKey)
            canvas.text(area.x + 14, y, "Redraw the screen.", .normal, maxWidth: area.width - 15)
        }
    }
}
