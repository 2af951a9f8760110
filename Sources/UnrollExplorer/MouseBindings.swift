/// What the mouse does, as htop and btop have it: a click on a step's column moves there, on a unit's row
/// selects it, on a key of the key bar presses it, on a home-screen item opens it, on a settings row puts
/// the cursor there; the wheel scrolls. Only the left button and the vertical wheel act; anything else, and
/// a click where nothing was drawn to be clicked, does nothing.
public enum MouseBindings {
    /// The key a wheel notch stands for where it turns: pages over the lesson's text and on help, the list
    /// on home and settings, time (→ ←) everywhere else. What the key does then is the key table's.
    public static func wheelKey(_ kind: MouseEvent.Kind, over targets: [HitTarget], on screen: Screen) -> Key? {
        let down: Bool
        switch kind {
        case .wheelDown: down = true
        case .wheelUp: down = false
        default: return nil
        }
        if targets.contains(.lessonPane) || screen == .help { return down ? .pageDown : .pageUp }
        if screen == .home || screen == .settings { return down ? .down : .up }
        return down ? .right : .left
    }

    /// The action `event` stands for on the frame whose regions were `regions`, in `state` (the state that
    /// frame showed), with a fresh random seed for a key that draws one; nil when it means nothing there.
    public static func action(for event: MouseEvent, regions: [HitRegion], in state: ExplorerState, randomSeed: UInt64) -> Action? {
        let targets = Canvas.targets(in: regions, atX: event.x, y: event.y)
        if let key = wheelKey(event.kind, over: targets, on: state.screen) {
            return KeyBindings.action(for: key, in: state, randomSeed: randomSeed)
        }
        guard event.isClick else { return nil }
        var step: Int? = nil, unit: Int? = nil
        for target in targets {
            switch target {
            case let .key(key): return KeyBindings.action(for: key, in: state, randomSeed: randomSeed)
            case let .homeItem(item): return .homeChoose(item)
            case let .setting(row): return .settingsSelect(row)
            case let .step(t): step = step ?? t
            case let .unit(u): unit = unit ?? u
            case .timeline, .lessonPane: break
            }
        }
        return step == nil && unit == nil ? nil : .select(step: step, unit: unit)
    }
}
