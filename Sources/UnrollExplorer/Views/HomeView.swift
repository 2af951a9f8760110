/// The home screen: the state's home menu (the lessons with the user's progress, free play, the race of the
/// cells, help) drawn in `area`, scrolled to keep the cursor in sight.
enum HomeView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        canvas.text(area.x + 1, area.y, "Lessons: ↑ ↓ choose, Enter opens", .title, maxWidth: area.width - 2)
        if let next = state.nextLesson {
            let lesson = state.library[next], status = state.progress.status(of: lesson)
            let what = status == "not started" ? "Next" : "Continue"
            canvas.text(area.x + 1, area.y + 1, "\(what): \(next + 1). \(lesson.title)\(status == "not started" ? "" : ", " + status)",
                        .accent, maxWidth: area.width - 2)
        } else if !state.library.isEmpty {
            canvas.text(area.x + 1, area.y + 1, "Every lesson is done: free play and the race are yours.", .good, maxWidth: area.width - 2)
        }
        if let notice = state.homeNotice { canvas.text(area.x + 1, area.maxY - 1, notice, .warning, maxWidth: area.width - 2) }
        let all = state.homeMenu
        // The notice keeps its line: the menu scrolls above it.
        let rows = area.height - 2 - (state.homeNotice == nil ? 0 : 1)
        guard rows > 0 else { return }
        // The minutes and status take a column of their own where the lesson's title keeps room beside it.
        let columns = area.width >= 40
        let first = all.count <= rows ? 0 : min(max(0, state.homeCursor - rows / 2), all.count - rows)
        let last = min(all.count, first + rows)
        // Items scrolled out of sight are said to be there, on the row they would take.
        let hiddenBelow = all.count - last, hiddenAbove = first
        for (row, index) in (first..<last).enumerated() {
            if row == rows - 1, hiddenBelow > 0, rows > 1 {
                canvas.text(area.x + 3, area.y + 2 + row, "↓ \(hiddenBelow + 1) more below", .dim, maxWidth: area.width - 4)
                break
            }
            if row == 0, hiddenAbove > 0, rows > 1, index != state.homeCursor {
                canvas.text(area.x + 3, area.y + 2, "↑ \(hiddenAbove + 1) more above", .dim, maxWidth: area.width - 4)
                continue
            }
            let y = area.y + 2 + row
            let selected = index == state.homeCursor
            canvas.region(Rect(x: area.x, y: y, width: area.width, height: 1), .homeItem(index))
            canvas.text(area.x + 1, y, selected ? "▸" : " ", .selected, maxWidth: area.width - 1)
            switch all[index] {
            case let .lesson(k):
                let lesson = state.library[k], status = state.progress.status(of: lesson)
                canvas.text(area.x + 3, y, "\(k + 1). \(lesson.title)", selected ? .selected : .normal, maxWidth: area.width - (columns ? 28 : 4))
                guard columns else { break }
                canvas.text(area.maxX - 24, y, "\(lesson.minutes) min  \(status)", status == "done" ? .good : (status == "not started" ? .dim : .accent), maxWidth: 23)
            case let .follow(name):
                canvas.text(area.x + 3, y, "Follow \(name): the class session, live", selected ? .selected : .accent, maxWidth: area.width - 4)
            case .freePlay: canvas.text(area.x + 3, y, "Free play: the explorer on an LSTM", selected ? .selected : .normal, maxWidth: area.width - 4)
            case .race: canvas.text(area.x + 3, y, "Race the cells: rnn_tanh, lstm, gru, ssm on the adding problem", selected ? .selected : .normal, maxWidth: area.width - 4)
            case .help: canvas.text(area.x + 3, y, "Help: every key", selected ? .selected : .normal, maxWidth: area.width - 4)
            }
        }
    }
}
