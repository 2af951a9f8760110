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
        (left, right) = Self.columns(of: body)
    }

    /// An area split into time-aligned panels on the left and the step's column on the right, with one
    /// column of border between them. The step panel needs about 34 columns; more room goes to time.
    static func columns(of area: Rect) -> (left: Rect, right: Rect) {
        let rightWidth = min(max(34, area.width * 2 / 5), 52)
        let (left, right) = area.splitLeft(area.width - rightWidth - 1)
        return (left, Rect(x: right.x + 1, y: right.y, width: right.width - 1, height: right.height))
    }

    /// A screen's two parts in `area`: side by side where the area is as wide as the explorer's smallest
    /// screen, else the first above the second (in a lesson, beside its pane), the first taking `share` of
    /// the rows. The flag says which.
    static func parts(of area: Rect, share: Double = 0.6) -> (first: Rect, second: Rect, sideBySide: Bool) {
        if area.width >= minimumWidth {
            let (left, right) = columns(of: area)
            return (left, right, true)
        }
        let rows = Int((Double(area.height) * share).rounded())
        let (top, bottom) = area.splitTop(rows)
        return (top, Rect(x: bottom.x, y: bottom.y + 1, width: bottom.width, height: bottom.height - 1), false)
    }

    /// Columns before the time columns on the left (labels such as "u12▸").
    static let gutter = 6
}

/// The screen of a lesson: the lesson pane on the right, wide enough to read, and on the left the explorer,
/// laid out around the panels the step talks about. Computed from the canvas size and the step alone.
struct LessonLayout {
    let header: Rect, keyBar: Rect, body: Rect
    /// The lesson's text.
    let pane: Rect
    /// What is left for the explorer, and the column of border between it and the pane.
    let explorer: Rect, borderX: Int

    init(width: Int, height: Int) {
        let outer = ExplorerLayout(width: width, height: height)
        header = outer.header
        keyBar = outer.keyBar
        body = outer.body
        let paneWidth = min(max(38, width * 9 / 20), 60)
        let (explorer, rest) = body.splitLeft(body.width - paneWidth - 1)
        self.explorer = explorer
        borderX = rest.x
        pane = Rect(x: rest.x + 1, y: rest.y, width: rest.width - 1, height: rest.height)
    }
}

/// The explorer's panels stacked in a column too narrow for the two-column layout, in the order a lesson
/// step needs them: each gets at least its smallest useful height, the first named get more, and what
/// does not fit at its smallest is left out.
struct PanelStack {
    /// A panel and the rows it gets.
    let rows: [(panel: LessonPanel, rect: Rect)]

    /// The rect of `panel`, if it is shown.
    func rect(_ panel: LessonPanel) -> Rect? { rows.first { $0.panel == panel }?.rect }

    init(_ area: Rect, needs: [LessonPanel], sizes: (LessonPanel) -> (minimum: Int, ideal: Int)) {
        // The timeline always leads: it is the time axis the other panels hang from.
        var order = [LessonPanel.timeline]
        for panel in needs where panel.isExplorerPanel && !order.contains(panel) { order.append(panel) }
        if order.count == 1 { order += [.hidden, .gradient] }
        var chosen: [(LessonPanel, Int)] = []
        var used = 0
        for panel in order {
            let minimum = sizes(panel).minimum
            if used + minimum <= area.height { chosen.append((panel, minimum)); used += minimum }
        }
        // Spare rows go to the panels in the order named, each up to its ideal; what is left to the last.
        var spare = area.height - used
        for k in chosen.indices.dropFirst() where spare > 0 {
            let extra = min(spare, max(0, sizes(chosen[k].0).ideal - chosen[k].1))
            chosen[k].1 += extra
            spare -= extra
        }
        if spare > 0, let last = chosen.indices.last { chosen[last].1 += spare }
        // Shown top to bottom in the explorer's usual order.
        let usual: [LessonPanel] = [.timeline, .hidden, .gradient, .step]
        chosen.sort { (usual.firstIndex(of: $0.0) ?? 9) < (usual.firstIndex(of: $1.0) ?? 9) }
        var y = area.y
        var rows: [(LessonPanel, Rect)] = []
        for (panel, height) in chosen {
            rows.append((panel, Rect(x: area.x, y: y, width: area.width, height: height)))
            y += height
        }
        self.rows = rows
    }
}

extension LessonPanel {
    /// Whether the panel is part of the explorer's main screen (the others are screens of their own).
    var isExplorerPanel: Bool { [.timeline, .hidden, .step, .gradient].contains(self) }
}
