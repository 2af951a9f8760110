/// The rectangles of the main screen, computed from the canvas size alone.
struct ExplorerLayout {
    /// The smallest size the explorer draws in.
    static let minimumWidth = 80, minimumHeight = 24

    let header: Rect, keyBar: Rect, body: Rect
    /// Time-aligned panels on the left, the current step on the right.
    let left: Rect, right: Rect

    init(width: Int, height: Int) {
        let full = Rect(x: 0, y: 0, width: width, height: height)
        let (header, rest) = full.splitTop(1)
        let body = Rect(x: 0, y: rest.y, width: width, height: rest.height - 1)
        self.header = header
        self.body = body
        keyBar = Rect(x: 0, y: height - 1, width: width, height: 1)
        // The step panel needs about 34 columns; more room goes to time.
        let rightWidth = min(max(34, width * 2 / 5), 52)
        let (left, right) = body.splitLeft(width - rightWidth - 1)
        self.left = left
        self.right = Rect(x: right.x + 1, y: right.y, width: right.width - 1, height: right.height)
    }

    /// Columns before the time columns on the left (labels such as "u12▸").
    static let gutter = 6
}
