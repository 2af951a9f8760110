/// A key press, as the terminal layer decodes it and as snapshots and lessons name it.
public enum Key: Hashable, Sendable {
    case character(Character)
    case left, right, up, down, home, end, pageUp, pageDown
    case tab, backTab, enter, escape, backspace
    /// Control plus a letter (Ctrl-L is `.control("l")`).
    case control(Character)
    case function(Int)

    /// Parses a key name as tmux and `--keys` write them: `Right`, `Left`, `Home`, `End`, `Space`, `Tab`,
    /// `BTab`, `Enter`, `Escape`/`Esc`, `BSpace`, `Up`, `Down`, `PageUp`/`PPage`, `PageDown`/`NPage`, `C-x`,
    /// `F1`…`F12`, or a single character.
    public init?(name: String) {
        switch name {
        case "Right": self = .right
        case "Left": self = .left
        case "Up": self = .up
        case "Down": self = .down
        case "Home": self = .home
        case "End": self = .end
        case "PageUp", "PPage": self = .pageUp
        case "PageDown", "NPage": self = .pageDown
        case "Space": self = .character(" ")
        case "Tab": self = .tab
        case "BTab": self = .backTab
        case "Enter": self = .enter
        case "Escape", "Esc": self = .escape
        case "BSpace": self = .backspace
        default:
            if name.count == 3, name.hasPrefix("C-"), let c = name.last, c.isLetter {
                self = .control(Character(c.lowercased()))
            } else if name.count >= 2, name.hasPrefix("F"), let n = Int(name.dropFirst()), (1...12).contains(n) {
                self = .function(n)
            } else if name.count == 1, let c = name.first {
                self = .character(c)
            } else {
                return nil
            }
        }
    }

    /// The name `init(name:)` reads back: what `--keys` and a lesson's `keys:` write.
    public var name: String {
        switch self {
        case .right: "Right"
        case .left: "Left"
        case .up: "Up"
        case .down: "Down"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PageUp"
        case .pageDown: "PageDown"
        case .character(" "): "Space"
        case let .character(c): String(c)
        case .tab: "Tab"
        case .backTab: "BTab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "BSpace"
        case let .control(c): "C-" + String(c)
        case let .function(n): "F\(n)"
        }
    }

    /// How the help screen and key bar write the key.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case let .character(c): String(c)
        case .left: "←"
        case .right: "→"
        case .up: "↑"
        case .down: "↓"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Bksp"
        case let .control(c): "^" + c.uppercased()
        case let .function(n): "F\(n)"
        }
    }
}
