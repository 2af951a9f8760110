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
        if let session = state.lessonSession, !session.lesson.steps.isEmpty, state.screen != .home, state.screen != .help {
            lesson(state, needs: session.step.panels, on: &canvas)
        } else {
            switch state.screen {
            case .main: main(state, in: layout.body, on: &canvas)
            case .sources: SourcesView.render(state, in: layout.body, on: &canvas)
            case .help: HelpView.render(state, in: layout.body, on: &canvas)
            case .settings: SettingsView.render(state, in: layout.body, on: &canvas)
            case .training: TrainingView.render(state, in: layout.body, on: &canvas)
            case .home: HomeView.render(state, in: layout.body, on: &canvas)
            case .unrolled: UnrolledView.render(state, in: layout.body, on: &canvas)
            case .scan: ScanView.render(state, in: layout.body, on: &canvas)
            case .stream: StreamScreenView.render(state, in: layout.body, on: &canvas)
            }
        }
        KeyBarView.render(state, in: layout.keyBar, on: &canvas)
    }

    /// A lesson: its pane on the right, and the screen the step is on in what is left.
    static func lesson(_ state: ExplorerState, needs: [LessonPanel], on canvas: inout Canvas) {
        let layout = LessonLayout(width: canvas.width, height: canvas.height)
        for y in layout.body.y..<layout.body.maxY { canvas.put(layout.borderX, y, canvas.theme.glyphs.vertical, .border) }
        LessonPaneView.render(state, in: layout.pane, on: &canvas)
        switch state.screen {
        case .sources: SourcesView.render(state, in: layout.explorer, on: &canvas)
        case .settings: SettingsView.render(state, in: layout.explorer, on: &canvas)
        case .training: TrainingView.render(state, in: layout.explorer, on: &canvas)
        case .unrolled: UnrolledView.render(state, in: layout.explorer, on: &canvas)
        case .scan: ScanView.render(state, in: layout.explorer, on: &canvas)
        case .stream: StreamScreenView.render(state, in: layout.explorer, on: &canvas)
        case .main, .help, .home: panels(state, in: layout.explorer, needs: needs, on: &canvas)
        }
    }

    /// The main screen in `area`: time-aligned panels on the left and the step on the right.
    static func main(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        let (left, right) = ExplorerLayout.columns(of: area)
        for y in area.y..<area.maxY { canvas.put(left.maxX, y, canvas.theme.glyphs.vertical, .border) }
        let window = TimeWindow(length: state.length, columns: left.width - ExplorerLayout.gutter, cursor: max(state.cursor, 1))
        let (sequence, rest) = left.splitTop(SequenceView.height(state))
        SequenceView.render(state, window: window, in: sequence, on: &canvas)
        // The heatmap gets its units' rows while the gradient plot keeps eight rows of decades; more units scroll.
        let units = state.model.trace.directions.count * state.spec.hidden
        let heatRows = min(units + 1, max(3, rest.height - GradientView.minimumHeight))
        let (heat, gradient) = rest.splitTop(heatRows)
        HiddenHeatmapView.render(state, window: window, in: heat, on: &canvas)
        GradientView.render(state, window: window, in: gradient, on: &canvas)
        StepView.render(state, in: right, on: &canvas)
    }

    /// The main screen's panels for a lesson step: the two-column screen where there is room, else the
    /// panels the step needs stacked in one column.
    static func panels(_ state: ExplorerState, in area: Rect, needs: [LessonPanel], on canvas: inout Canvas) {
        if area.width >= ExplorerLayout.minimumWidth {
            main(state, in: area, on: &canvas)
            return
        }
        let units = state.model.trace.directions.count * state.spec.hidden
        let stack = PanelStack(area, needs: needs) { panel in
            switch panel {
            case .timeline: let h = SequenceView.height(state); return (h, h)
            case .hidden: return (3, units + 1)
            case .gradient: return (GradientView.minimumHeight, GradientView.minimumHeight + 4)
            case .step: return StepView.heights(state, width: area.width, theme: canvas.theme)
            case .sources, .settings, .training, .unrolled, .scan, .stream: return (0, 0)
            }
        }
        let window = TimeWindow(length: state.length, columns: area.width - ExplorerLayout.gutter, cursor: max(state.cursor, 1))
        for (panel, rect) in stack.rows {
            switch panel {
            case .timeline: SequenceView.render(state, window: window, in: rect, on: &canvas)
            case .hidden: HiddenHeatmapView.render(state, window: window, in: rect, on: &canvas)
            case .gradient: GradientView.render(state, window: window, in: rect, on: &canvas)
            case .step: StepView.render(state, in: rect, on: &canvas)
            case .sources, .settings, .training, .unrolled, .scan, .stream: break
            }
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
