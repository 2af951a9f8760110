/// The lesson beside the live explorer: the step's prose, its question, what it waits for, hints and feedback.
enum LessonPaneView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        guard let session = state.lessonSession, !session.lesson.steps.isEmpty else { return }
        let step = session.step, width = area.width
        var y = area.y
        var budget = area.height
        func put(_ text: String, _ style: Style) {
            guard budget > 0 else { return }
            canvas.text(area.x, y, text, style, maxWidth: width)
            y += 1
            budget -= 1
        }
        func paragraph(_ text: String, _ style: Style, reserve: Int = 0) {
            for line in wrapParagraphs(text, width: width, maxLines: budget) {
                guard budget > reserve else { return }
                put(line, style)
            }
        }
        put("\(session.lesson.title)", .title)
        let done = session.passed[session.stepIndex]
        put("step \(session.stepIndex + 1)/\(session.lesson.steps.count) \(done ? "✓" : "·") \(step.title)", done ? .good : .accent)
        // Keep room for the question, hints and status below the prose.
        let questionRows = step.question.map { 1 + $0.choices.count } ?? 0
        let reserve = questionRows + session.hintsShown + (session.message == nil ? 0 : 2) + 1 + step.shows.count
        paragraph(step.prose, .normal, reserve: reserve)
        for show in step.shows {
            let value = LiveQuantities.evaluate(show.expression, in: state)
            var text = "?"
            if case let .number(n) = value { text = NumberFormat.compact(Float(n)) }
            put("\(show.text) = \(text)", .accent)
        }
        if let question = step.question {
            put(question.prompt, .accent)
            for (k, choice) in question.choices.enumerated() {
                let picked = session.answer == k
                put("\(k + 1) \(choice.text)", picked ? (choice.correct ? .good : .warning) : .normal)
            }
        }
        for hint in step.hints.prefix(session.hintsShown) { paragraph("hint: " + hint, .dim) }
        if let message = session.message { paragraph(message, session.complete ? .good : .warning) }
        if budget > 0 {
            y = area.maxY - 1
            canvas.text(area.x, y, done ? "passed: n goes on" : "n next  h hint  p back", done ? .good : .dim, maxWidth: width)
        }
    }

    /// Wraps prose to `width`, keeping blank lines between paragraphs and indented lines as they are, up to
    /// `maxLines` lines. Only as much of the text is read as those lines can show, so a lesson's megabyte of
    /// prose costs a frame no more than a screenful.
    static func wrapParagraphs(_ text: String, width: Int, maxLines: Int = 1000) -> [String] {
        let maxLines = max(maxLines, 0), width = max(width, 1)
        // Two wrapped lines in a row hold more than `width` characters (the second began with a word the first
        // had no room for), so this prefix gives at least maxLines + 2 lines, and a word cut at its end can
        // change only the last of them.
        let shown = text.prefix((maxLines + 2) * 2 * (width + 1))
        var out: [String] = []
        for paragraph in shown.components(separatedBy: "\n\n") {
            if out.count >= maxLines { break }
            if !out.isEmpty { out.append("") }
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.allSatisfy({ $0.hasPrefix("    ") }) {
                out += lines.prefix(maxLines).map { String($0.dropFirst(4).prefix(width)) }
            } else {
                out += wrap(lines.joined(separator: " "), width: width, lines: maxLines + 1)
            }
        }
        return Array(out.prefix(maxLines))
    }
}
