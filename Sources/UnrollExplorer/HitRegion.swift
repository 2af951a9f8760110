/// What a cell of the screen stands for, to a click or the wheel: views record these while they render, so
/// the mouse follows every layout without a second copy of it.
public enum HitTarget: Hashable, Sendable {
    /// Time columns: the rectangle's first column is step `firstStep` (1-based), the next the step after.
    case timeline(firstStep: Int)
    /// Step t's column: what a cell of a `timeline` region stands for.
    case step(Int)
    /// A row of unit `u` (0 ..< D·H, the reverse direction's after the forward ones).
    case unit(Int)
    /// A key on a key bar: a click presses it.
    case key(Key)
    /// Item `k` of the home screen's list.
    case homeItem(Int)
    /// Row `k` of the settings panel.
    case setting(Int)
    /// The lesson's text, which the wheel pages.
    case lessonPane
}

/// A rectangle of the screen and what it stands for; nil for a cover (drawing over what was there before).
public struct HitRegion: Equatable, Sendable {
    public let rect: Rect
    public let target: HitTarget?

    public init(_ rect: Rect, _ target: HitTarget?) {
        self.rect = rect
        self.target = target
    }
}

extension Canvas {
    /// What the cell at (x, y) stands for, topmost first: every region there registered since the last
    /// `fill` over it (a fill covers what was drawn before), a timeline's column as its `step`.
    public func targets(atX x: Int, y: Int) -> [HitTarget] { Self.targets(in: regions, atX: x, y: y) }

    /// What the cell at (x, y) stands for in a frame's `regions` (see `targets(atX:y:)`).
    public static func targets(in regions: [HitRegion], atX x: Int, y: Int) -> [HitTarget] {
        var found: [HitTarget] = []
        for region in regions.reversed() where region.rect.contains(x: x, y: y) {
            guard let target = region.target else { break }
            if case let .timeline(first) = target { found.append(.step(first + (x - region.rect.x))) } else { found.append(target) }
        }
        return found
    }
}
