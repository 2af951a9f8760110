/// Drops escape sequences that reach the program as loose keys: a terminal's reports (mouse, focus,
/// cursor position), sequences for keys curses does not know, and anything hostile input sends. Without
/// this, `ESC [ < 0 ; 1 2 ; 5 M` would be Escape, then a lesson answer 1, then 2. An Escape at the end of
/// what was read is the Escape key; Escape followed by a plain key (Alt and a key) is dropped as well.
public struct KeySequenceFilter: Sendable {
    private enum Mode: Sendable {
        case normal
        case afterEscape
        /// Control sequence: parameters and intermediates until a final byte.
        case controlSequence(length: Int)
        /// One more character ends it (ESC O x).
        case singleShift
        /// A string (OSC, DCS, APC, PM) until BEL or ESC \.
        case string(length: Int, sawEscape: Bool)
    }

    private var mode = Mode.normal
    /// Longer sequences are abandoned (and what follows them is read as keys again).
    static let maximumLength = 4096

    public init() {}

    /// The keys of one read that are really keys.
    public mutating func filter(_ keys: [Key]) -> [Key] {
        var out: [Key] = []
        for key in keys {
            let scalar: Unicode.Scalar? = if case let .character(c) = key, c.unicodeScalars.count == 1 { c.unicodeScalars.first } else { nil }
            switch mode {
            case .normal:
                if key == .escape { mode = .afterEscape } else { out.append(key) }
            case .afterEscape:
                switch scalar {
                case "["?: mode = .controlSequence(length: 0)
                case "O"?: mode = .singleShift
                case "]"?, "P"?, "_"?, "^"?: mode = .string(length: 0, sawEscape: false)
                default:
                    if key == .escape { out.append(.escape) } else { mode = .normal }
                }
            case let .controlSequence(length):
                guard let v = scalar?.value, length < Self.maximumLength else { mode = .normal; if scalar == nil { out.append(key) }; continue }
                if (0x40...0x7E).contains(v) { mode = .normal } else if (0x20...0x3F).contains(v) { mode = .controlSequence(length: length + 1) } else { mode = .normal }
            case .singleShift:
                mode = .normal
            case let .string(length, sawEscape):
                if key == .control("g") || (sawEscape && scalar == "\\") || length >= Self.maximumLength { mode = .normal; continue }
                mode = .string(length: length + 1, sawEscape: key == .escape)
            }
        }
        // An Escape with nothing after it in this read is the key itself.
        if case .afterEscape = mode {
            out.append(.escape)
            mode = .normal
        }
        return out
    }
}
