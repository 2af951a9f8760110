/// Every key in the key table with what it does, on as many pages as the screen needs (PgDn, PgUp).
enum HelpView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        guard area.height >= 3 else { return }
        canvas.text(area.x + 1, area.y, "Keys", .title)
        let rows = lines(width: area.width, theme: canvas.theme)
        let perPage = area.height - 2
        let pages = LessonPaneView.pageCount(lines: rows.count, rows: perPage)
        let page = min(state.helpPage, pages - 1)
        let keyColumn = keyColumn(canvas.theme)
        for (k, row) in rows.dropFirst(page * perPage).prefix(perPage).enumerated() {
            let y = area.y + 1 + k
            canvas.text(area.x + 1, y, row.keys, .keyBarKey, maxWidth: keyColumn - 1)
            canvas.text(area.x + 1 + keyColumn, y, row.text, .normal, maxWidth: area.width - keyColumn - 1)
        }
        let more = pages == 1 ? "" : (page + 1 < pages ? "PgDn more, " : "PgUp back, ") + "page \(page + 1)/\(pages) · "
        canvas.text(area.x + 1, area.maxY - 1, more + "Esc closes", .dim, maxWidth: area.width - 1)
    }

    /// What the mouse does, for the help screen.
    static let mouse = "Click a step's column to go there, a unit's row to select it, a key on the bar to press it, "
        + "a home or settings item to open or choose it; the wheel scrolls time, pages and lists. "
        + "Start unroll with --no-mouse to leave the mouse to the terminal, for selecting text (Shift and a drag selects text too)."

    /// Every binding's keys as help lists them, then ^L (which the terminal handles) and the mouse.
    static var keyNames: [String] { KeyBindings.all.map { $0.keys.map(\.label).joined(separator: " ") } + ["^L", "mouse"] }

    /// Columns the key names take in `theme`, a space after the widest ("Esc Enter s ?" lost its ? at 13;
    /// ASCII spells ↓ as Down).
    static func keyColumn(_ theme: Theme) -> Int { (keyNames.map { DisplayWidth.of(theme.displayable($0)) }.max() ?? 0) + 2 }

    /// Every binding once, its help wrapped beside its keys; ^L, which the terminal handles, last.
    static func lines(width: Int, theme: Theme) -> [(keys: String, text: String)] {
        var seen: Set<String> = []
        var entries: [(String, String)] = []
        for binding in KeyBindings.all where !seen.contains(binding.help) {
            seen.insert(binding.help)
            entries.append((binding.keys.map(\.label).joined(separator: " "), binding.help))
        }
        entries.append(("^L", "Redraw the screen."))
        entries.append(("mouse", HelpView.mouse))
        // The explorer's own keys first, then each screen's, as "Lesson: …" and the like name them.
        let groups = ["Lesson:", "Training:", "Diagram:", "Settings:", "Help:", "Home:"]
        func rank(_ help: String) -> Int { (groups.firstIndex { help.hasPrefix($0) }).map { $0 + 1 } ?? 0 }
        entries = entries.enumerated().sorted { (rank($0.element.1), $0.offset) < (rank($1.element.1), $1.offset) }.map(\.element)
        var out: [(keys: String, text: String)] = []
        for (keys, help) in entries {
            for (k, line) in TextWrap.lines(help, width: max(width - keyColumn(theme) - 1, 10), theme: theme).enumerated() {
                out.append((k == 0 ? keys : "", line))
            }
        }
        return out
    }

    /// The pages help takes at the smallest screen, for PgDn to stop at.
    static func mostPages() -> Int {
        let body = ExplorerLayout(width: ExplorerLayout.minimumWidth, height: ExplorerLayout.minimumHeight).body
        return LessonPaneView.pageCount(lines: lines(width: body.width, theme: .plainASCII).count, rows: body.height - 2)
    }
}
