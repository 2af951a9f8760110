/// Which timesteps are visible in `columns` columns: all of them when they fit, else a window that keeps
/// the cursor in view. Every time-aligned panel uses the same window, so a column is one timestep everywhere.
struct TimeWindow {
    /// The first visible step (1-based) and how many are visible.
    let first: Int, count: Int

    init(length: Int, columns: Int, cursor: Int) {
        let visible = max(0, min(length, columns))
        count = visible
        if length <= columns || visible == 0 {
            first = 1
        } else {
            let centred = cursor - visible / 2
            first = min(max(1, centred), length - visible + 1)
        }
    }

    /// The steps shown, 1-based.
    var steps: ClosedRange<Int>? { count > 0 ? first...(first + count - 1) : nil }

    /// The column offset of step t, or nil when it is not visible.
    func column(of t: Int) -> Int? { t >= first && t < first + count ? t - first : nil }
}
