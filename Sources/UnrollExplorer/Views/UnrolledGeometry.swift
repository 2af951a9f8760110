/// Where the unrolled diagram's boxes and arrows go across an area: a gap for an arrow, a box, a gap, a box …
/// and a last gap for the arrow leaving the last box, as many steps as fit, windowed around the cursor.
/// Computed from the width, the length and the cursor alone.
struct UnrolledGeometry {
    /// Columns of a box, its two sides included: nine inside hold `LSTM W_hh` and `h  +0.123`.
    static let boxWidth = 11
    /// Columns between two boxes: wide enough for `◀3e-04` or `f 0.52`, and one more for air where it fits.
    static let gaps = [7, 6]

    /// The gap's width in use.
    let gap: Int
    /// The visible steps.
    let window: TimeWindow
    /// The column of the first gap (the diagram is centred in its area).
    let left: Int

    init(area: Rect, length: Int, cursor: Int) {
        func fitting(_ gap: Int) -> Int { max(0, min(length, (area.width - gap) / (Self.boxWidth + gap))) }
        // The wider gap unless the narrower one fits another step.
        let gap = Self.gaps.first { fitting($0) >= fitting(Self.gaps.last!) } ?? Self.gaps.last!
        self.gap = gap
        let count = fitting(gap)
        window = TimeWindow(length: length, columns: count, cursor: max(cursor, 1))
        let used = count * (Self.boxWidth + gap) + gap
        left = area.x + max(0, (area.width - used) / 2)
    }

    /// Columns from one box to the next.
    var pitch: Int { Self.boxWidth + gap }

    /// The left column of step t's box (1-based t, which must be visible).
    func boxX(_ t: Int) -> Int { left + gap + (t - window.first) * pitch }

    /// The left column of the gap before step t's box; t = last + 1 gives the gap after the last box.
    func gapX(before t: Int) -> Int { left + (t - window.first) * pitch }

    /// The middle column of step t's box, where its vertical arrows run.
    func centre(_ t: Int) -> Int { boxX(t) + Self.boxWidth / 2 }
}
