/// Every model option and its value; ← and → change the one under the cursor and everything recomputes.
enum SettingsView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        var y = area.y
        for line in TextWrap.lines("Settings: ↑ ↓ choose, ← → change (applied at once), Esc close", width: max(area.width - 2, 1),
                                   theme: canvas.theme) where y < area.maxY {
            canvas.text(area.x + 1, y, line, .title, maxWidth: area.width - 2)
            y += 1
        }
        y += 1
        // Labels take what the values leave: a value such as "‹ as initialised ›" wants about 18 columns.
        let labelWidth = min(24, max(10, area.width - 22))
        let valueX = area.x + 4 + labelWidth
        for (index, setting) in Setting.allCases.enumerated() {
            guard y < area.maxY else { break }
            let selected = index == state.settingsCursor
            canvas.region(Rect(x: area.x, y: y, width: area.width, height: 1), .setting(index))
            canvas.text(area.x + 1, y, selected ? "▸" : " ", .selected)
            canvas.text(area.x + 3, y, setting.label(for: state.spec.cell), selected ? .selected : .normal, maxWidth: labelWidth)
            // A row that does not apply has no ‹ › to suggest that ← → would change it.
            let value = setting.applies(in: state) ? "‹ " + setting.value(in: state) + " ›" : "  " + setting.value(in: state)
            canvas.text(valueX, y, value, selected ? .accent : .dim, maxWidth: area.maxX - valueX)
            y += 1
        }
        y += 1
        if y < area.maxY {
            let spectrum = HeaderView.spectrumText(state.spec.cell, state.model.analysis?.mainSpectrum, gap: "  ").dropFirst(2)
            canvas.text(area.x + 3, y, "now: \(spectrum)  L \(NumberFormat.compact(state.model.trace.lossValue))", .dim, maxWidth: area.width - 4)
        }
    }
}
