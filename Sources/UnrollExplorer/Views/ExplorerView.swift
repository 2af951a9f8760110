/// The whole screen for a state: the only entry point the terminal, snapshots and tests call.
public enum ExplorerView {
    /// Draws `state` over the whole canvas; a `tag` (who shares, a replay's clock) takes the right end of the
    /// top line, and the header drops what no longer fits, the loss first.
    public static func render(_ state: ExplorerState, on canvas: inout Canvas, tag: (text: String, style: Style)? = nil) {
        canvas.fill(canvas.bounds)
        guard canvas.width >= ExplorerLayout.minimumWidth, canvas.height >= ExplorerLayout.minimumHeight else {
            tooSmall(on: &canvas)
            return
        }
        let layout = ExplorerLayout(width: canvas.width, height: canvas.height)
        var header = layout.header
        if let tag {
            let width = min(canvas.theme.displayable(tag.text).count, header.width / 2)
            header = Rect(x: header.x, y: header.y, width: header.width - width, height: 1)
            canvas.text(header.maxX, header.y, tag.text, tag.style, maxWidth: width)
        }
        HeaderView.render(state, in: header, on: &canvas)
        switch state.screen {
        case .main: main(state, layout, on: &canvas)
        case .sources: SourcesView.render(state, in: layout.body, on: &canvas)
        case .help: HelpView.render(state, in: layout.body, on: &canvas)
        case .settings: SettingsView.render(state, in: layout.body, on: &canvas)
        case .training:
            TrainingView.render(state, in: layout.body, on: &canvas)
            if state.lessonSession != nil {
                // The lesson keeps its place: the lower part of the right column.
                let right = layout.right
                let pane = Rect(x: right.x, y: right.y + right.height / 2, width: right.width, height: right.height - right.height / 2)
                canvas.fill(pane)
                canvas.rule(pane.x, pane.y, width: pane.width)
                LessonPaneView.render(state, in: Rect(x: pane.x, y: pane.y + 1, width: pane.width, height: pane.height - 1), on: &canvas)
            }
        case .home: HomeView.render(state, in: layout.body, on: &canvas)
        }
        KeyBarView.render(state, in: layout.keyBar, on: &canvas)
    }

    static func main(_ state: ExplorerState, _ layout: ExplorerLayout, on canvas: inout Canvas) {
        let left = layout.left
        for y in layout.body.y..<layout.body.maxY { canvas.put(left.maxX, y, canvas.theme.glyphs.vertical, .border) }
        let window = TimeWindow(length: state.length, columns: left.width - ExplorerLayout.gutter, cursor: max(state.cursor, 1))
        let (sequence, rest) = left.splitTop(SequenceView.height(state))
        SequenceView.render(state, window: window, in: sequence, on: &canvas)
        // The hidden state gets its units' rows while the gradient plot keeps at least five.
        let units = state.model.trace.directions.count * state.spec.hidden
        let heatRows = min(units + 1, max(3, rest.height - 7))
        let (heat, gradient) = rest.splitTop(heatRows)
        HiddenHeatmapView.render(state, window: window, in: heat, on: &canvas)
        GradientView.render(state, window: window, in: gradient, on: &canvas)
        if let session = state.lessonSession, !session.lesson.steps.isEmpty {
            // The lesson takes the right column; a step that points at the step panel shares it.
            if session.step.focus == .step {
                let (top, bottom) = layout.right.splitTop(layout.right.height / 2)
                StepView.render(state, in: top, on: &canvas)
                LessonPaneView.render(state, in: Rect(x: bottom.x, y: bottom.y, width: bottom.width, height: bottom.height), on: &canvas)
            } else {
                LessonPaneView.render(state, in: layout.right, on: &canvas)
            }
        } else {
            StepView.render(state, in: layout.right, on: &canvas)
        }
    }

    /// The message for a terminal below 80×24, centred.
    static func tooSmall(on canvas: inout Canvas) {
        let message = "terminal too small (need \(ExplorerLayout.minimumWidth)x\(ExplorerLayout.minimumHeight), have \(canvas.width)x\(canvas.height))"
        let lines = canvas.width >= message.count ? [message] : ["terminal too small", "need \(ExplorerLayout.minimumWidth)x\(ExplorerLayout.minimumHeight)", "have \(canvas.width)x\(canvas.height)"]
        let top = max(0, (canvas.height - lines.count) / 2)
        for (k, line) in lines.enumerated() {
            canvas.text(max(0, (canvas.width - line.count) / 2), top + k, line, .warning)
        }
    }
}
