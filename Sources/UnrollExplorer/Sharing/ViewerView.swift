/// A follower's or a replay's screen: the explorer as the viewer looks at it, a tag on the top line that says
/// whose screen this is, and the viewer's own keys at the bottom.
public enum ViewerView {
    /// Draws `viewer` over the whole canvas.
    public static func render(_ viewer: ViewerState, on canvas: inout Canvas) {
        guard let shown = viewer.display else {
            canvas.fill(canvas.bounds)
            let message = viewer.notice ?? "waiting for \(viewer.title)…"
            let width = DisplayWidth.of(canvas.theme.displayable(message))
            canvas.text(max(0, (canvas.width - width) / 2), canvas.height / 2, message, .accent, maxWidth: canvas.width)
            return
        }
        ExplorerView.render(shown, on: &canvas, tag: tag(viewer))
        guard canvas.width >= ExplorerLayout.minimumWidth, canvas.height >= ExplorerLayout.minimumHeight else { return }
        let layout = ExplorerLayout(width: canvas.width, height: canvas.height)
        if viewer.helpOpen && viewer.own == nil {
            canvas.fill(layout.body)
            help(viewer, in: layout.body, on: &canvas)
        }
        if viewer.own == nil { keyBar(viewer, in: layout.keyBar, on: &canvas) }
        if let notice = viewer.notice {
            let y = layout.keyBar.y - 1
            canvas.fill(Rect(x: 0, y: y, width: canvas.width, height: 1))
            canvas.text(1, y, notice, .warning, maxWidth: canvas.width - 2)
        }
    }

    /// The top line's tag: a copy's way back, or a replay's clock (a follower's is on the key bar).
    static func tag(_ viewer: ViewerState) -> (text: String, style: Style)? {
        if viewer.own != nil { return (" your copy, f: back ", .warning) }
        if let replay = viewer.replay {
            return (" \(replay.paused ? "paused" : "replay") \(clock(replay.milliseconds))/\(clock(replay.totalMilliseconds)) ", .keyBarKey)
        }
        return nil
    }

    static func keyBar(_ viewer: ViewerState, in area: Rect, on canvas: inout Canvas) {
        // A label that stands for several keys ("←→", "0-9") is not one key a click could press.
        var keys: [(key: String, label: String, press: Key?)] = []
        if viewer.replay != nil {
            keys += [("Space", viewer.replay!.paused ? "play" : "pause", .character(" ")), ("←→", "step", nil), ("[ ]", "10 s", nil), ("0-9", "seek", nil)]
        }
        keys += [("Tab", "view: \(viewer.view.label(inLesson: viewer.mirror?.lessonSession != nil))", .tab), ("y", "try it yourself", .character("y")),
                 ("?", "help", .character("?")), ("q", "quit", .character("q"))]
        let x = KeyBarView.draw(keys, in: area, on: &canvas)
        // Whose session this is, at the right, as much as fits.
        if viewer.replay == nil, area.maxX - x >= 12 {
            let text = "following \(viewer.title) "
            let width = min(DisplayWidth.of(canvas.theme.displayable(text)), area.maxX - x)
            canvas.text(area.maxX - width, area.y, text, .keyBarKey, maxWidth: width)
        }
    }

    static func help(_ viewer: ViewerState, in area: Rect, on canvas: inout Canvas) {
        let watching = viewer.replay == nil ? "the teacher's session \"\(viewer.title)\", live" : "a recording, \"\(viewer.title)\""
        var lines: [(String, String)] = [
            ("", "You are watching \(watching). What you press changes only your screen."),
            ("", ""),
            ("Tab", "Choose what to look at: the teacher's screen, the explorer (in a lesson: the step panel where the lesson's text was), where the gradient comes from, the unrolled net, training."),
            ("y", "Try it yourself: a private copy of what is on screen, to step and change freely."),
            ("f", "In your copy: back to watching."),
            ("?", "This help (again, or Esc: close it)."),
            ("q", "Quit."),
        ]
        if viewer.replay != nil {
            lines += [("Space", "Pause or play the recording."), ("← →", "Back or on by one recorded action."),
                      ("[ ]", "Back or on by 10 seconds (PgUp, PgDn too)."), ("0-9", "Jump to 0%, 10%, … 90% of the recording; Home, End: start, end.")]
        }
        lines.append(("mouse", "A click on a key of the bar below presses it; in your copy, clicks and the wheel work as in the explorer."))
        canvas.text(area.x + 1, area.y, "Keys", .title)
        var y = area.y + 1
        for (key, text) in lines {
            let wrapped = TextWrap.lines(text, width: max(10, area.width - 15), theme: canvas.theme, atMost: 3)
            guard y + max(1, wrapped.count) <= area.maxY else { break }
            canvas.text(area.x + 1, y, key, .keyBarKey, maxWidth: 12)
            for (k, line) in wrapped.enumerated() { canvas.text(area.x + 14, y + k, line, .normal, maxWidth: area.width - 15) }
            y += max(1, wrapped.count)
        }
    }

    /// m:ss.
    static func clock(_ milliseconds: Int) -> String {
        let seconds = max(0, milliseconds) / 1000
        let s = seconds % 60
        return "\(seconds / 60):\(s < 10 ? "0" : "")\(s)"
    }
}
