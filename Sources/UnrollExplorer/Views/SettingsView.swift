/// Every model option and its value; ← and → change the one under the cursor and everything recomputes.
enum SettingsView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        canvas.text(area.x + 1, area.y, "Settings: ↑ ↓ choose, ← → change (applied at once), Esc close", .title, maxWidth: area.width - 2)
        var y = area.y + 2
        for (index, setting) in Setting.allCases.enumerated() {
            guard y < area.maxY else { break }
            let selected = index == state.settingsCursor
            canvas.text(area.x + 1, y, selected ? "▸" : " ", .selected)
            canvas.text(area.x + 3, y, setting.label, selected ? .selected : .normal, maxWidth: 24)
            canvas.text(area.x + 28, y, "‹ " + setting.value(in: state) + " ›", selected ? .accent : .dim, maxWidth: area.width - 29)
            y += 1
        }
        y += 1
        if y < area.maxY {
            let s = state.model.mainSpectrum
            canvas.text(area.x + 3, y, "now: σ_max \(NumberFormat.compact(s.largestSingularValue))  ρ \(NumberFormat.compact(s.spectralRadius))  L \(NumberFormat.compact(state.model.trace.lossValue))",
                        .dim, maxWidth: area.width - 4)
        }
    }
}
