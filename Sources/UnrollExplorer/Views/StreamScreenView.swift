import UnrollCore

/// The explorer's stream screen: the model on screen read as `unroll stream` reads a live series, one value a
/// step up to the cursor, so → feeds it the next value and End the rest. A caption says where it stands and
/// how to stream a file of one's own; the body is `StreamView`'s.
enum StreamScreenView {
    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        canvas.fill(area)
        guard area.height > 2, area.width > 10 else { return }
        if state.spec.bidirectional {
            let message = "A bidirectional net reads the whole sequence before its first answer, so it cannot stream: "
                + "turn bidirectional off (o) to watch this one as a stream."
            for (k, line) in TextWrap.lines(message, width: area.width - 2, theme: canvas.theme).enumerated() where k < area.height {
                canvas.text(area.x + 1, area.y + k, line, .warning, maxWidth: area.width - 2)
            }
            return
        }
        let picture = state.streamPicture
        let spellings = ["Stream: \(picture.models[0].name), value \(picture.count) of \(state.length) (→ the next, End the rest)",
                         "Stream: value \(picture.count) of \(state.length) (→ next, End all)", "Stream: value \(picture.count) of \(state.length) (→, End)",
                         "Stream: \(picture.count) of \(state.length)"]
        let caption = spellings.first { DisplayWidth.of(canvas.theme.displayable($0)) <= area.width - 2 } ?? spellings[3]
        canvas.text(area.x + 1, area.y, caption, .title, maxWidth: area.width - 2)
        StreamView.renderBody(picture, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1), on: &canvas)
    }
}
