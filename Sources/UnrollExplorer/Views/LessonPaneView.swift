/// The lesson beside the live explorer: the step's prose, its live numbers, its question, hints and
/// feedback. Every word wraps to the pane; what does not fit goes on to further pages (PgDn, PgUp), and the
/// last line says where the learner is and which keys go on.
enum LessonPaneView {
    /// One line of the pane.
    struct Line: Equatable {
        let text: String
        let style: Style
    }

    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        guard let session = state.lessonSession, !session.lesson.steps.isEmpty, area.width > 0, area.height > 0 else { return }
        canvas.region(area, .lessonPane)
        let theme = canvas.theme
        let footer = footerLines(state, width: area.width, theme: theme)
        let bodyRows = max(area.height - footer.count, 1)
        let body = bodyLines(state, width: area.width, theme: theme)
        let pages = pageCount(lines: body.count, rows: bodyRows)
        let page = min(session.page, pages - 1)
        for (k, line) in body.dropFirst(page * bodyRows).prefix(bodyRows).enumerated() {
            canvas.text(area.x, area.y + k, line.text, line.style, maxWidth: area.width)
        }
        var status = footer
        if pages > 1, let last = status.popLast() {
            let more = page + 1 < pages ? "PgDn more" : "PgUp back"
            let indicator = "\(more) \(page + 1)/\(pages)"
            let room = area.width - theme.displayable(indicator).count - 2
            let kept = room > 0 ? String(theme.displayable(last.text).prefix(room)) : ""
            status.append(Line(text: kept.isEmpty ? indicator : kept + "  " + indicator, style: last.style))
        }
        let top = area.maxY - status.count
        for (k, line) in status.enumerated() where top + k >= area.y {
            canvas.text(area.x, top + k, line.text, line.style, maxWidth: area.width)
        }
    }

    /// The pages `lines` take at `rows` a page (at least one).
    static func pageCount(lines: Int, rows: Int) -> Int { max(1, (lines + max(rows, 1) - 1) / max(rows, 1)) }

    /// What scrolls: the lesson and step titles, the prose, the live numbers, the question and the hints.
    static func bodyLines(_ state: ExplorerState, width: Int, theme: Theme) -> [Line] {
        guard let session = state.lessonSession, !session.lesson.steps.isEmpty else { return [] }
        let step = session.step
        var out: [Line] = []
        func add(_ lines: [String], _ style: Style) { out += lines.map { Line(text: $0, style: style) } }
        add(TextWrap.lines(session.lesson.title, width: width, theme: theme), .dim)
        let done = session.passed[session.stepIndex]
        let position = "\(session.stepIndex + 1)/\(session.lesson.steps.count) \(done ? "✓" : "·") "
        add(TextWrap.lines(step.title, width: width, theme: theme, first: position, rest: "    "), done ? .good : .accent)
        if !step.prose.isEmpty {
            out.append(Line(text: "", style: .normal))
            add(TextWrap.prose(MarkdownText.plain(step.prose), width: width, theme: theme), .normal)
        }
        if !step.shows.isEmpty { out.append(Line(text: "", style: .normal)) }
        for show in step.shows {
            var value = "?"
            if case let .number(n) = LiveQuantities.evaluate(show.expression, in: state) { value = NumberFormat.shown(n, isCount: LiveQuantities.isCount(show.expression)) }
            add(TextWrap.lines("\(show.text) = \(value)", width: width, theme: theme, first: "", rest: "  "), .accent)
        }
        if let question = step.question {
            out.append(Line(text: "", style: .normal))
            add(TextWrap.lines(MarkdownText.plain(question.prompt), width: width, theme: theme), .accent)
            for (k, choice) in question.choices.enumerated() {
                let picked = session.answer == k
                let style: Style = picked ? (choice.correct ? .good : .warning) : .normal
                add(TextWrap.lines(MarkdownText.plain(choice.text), width: width, theme: theme, first: "\(k + 1) ", rest: "  "), style)
            }
        }
        for hint in step.hints.prefix(session.hintsShown) {
            out.append(Line(text: "", style: .normal))
            add(TextWrap.lines(MarkdownText.plain(hint), width: width, theme: theme, first: "hint: ", rest: "  "), .dim)
        }
        return out
    }

    /// What stays at the bottom: the feedback on the last try, and the keys that go on.
    static func footerLines(_ state: ExplorerState, width: Int, theme: Theme) -> [Line] {
        guard let session = state.lessonSession, !session.lesson.steps.isEmpty else { return [] }
        var out: [Line] = []
        if let message = session.message {
            let style: Style = session.complete && message.hasPrefix(LessonSession.completeMessage) ? .good : .warning
            out += TextWrap.lines(MarkdownText.plain(message), width: width, theme: theme).map { Line(text: $0, style: style) }
        }
        let done = session.passed[session.stepIndex]
        // The settings take the keys while open: n, h and p work again once Esc has closed them.
        if state.screen == .settings {
            out.append(Line(text: done ? "passed: Esc, then n goes on" : "Esc closes the settings", style: done ? .good : .dim))
        } else {
            out.append(done ? Line(text: "passed: n goes on", style: .good) : Line(text: "n next  h hint  p back", style: .dim))
        }
        return out
    }

    /// The pages the current step's text takes in a pane of `area`.
    public static func pages(_ state: ExplorerState, in area: Rect, theme: Theme) -> Int {
        let footer = footerLines(state, width: area.width, theme: theme).count
        return pageCount(lines: bodyLines(state, width: area.width, theme: theme).count, rows: max(area.height - footer, 1))
    }

    /// The pages of the current step's text on a screen of `width` × `height`.
    public static func pages(_ state: ExplorerState, width: Int, height: Int, theme: Theme) -> Int {
        pages(state, in: LessonLayout(width: width, height: height).pane, theme: theme)
    }

    /// The most pages any pane shows for the current step: at the narrowest layout, for PgDn to stop at.
    static func mostPages(_ state: ExplorerState) -> Int {
        pages(state, width: ExplorerLayout.minimumWidth, height: ExplorerLayout.minimumHeight, theme: .plainASCII)
    }
}
