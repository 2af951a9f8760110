import CNcurses
import UnrollExplorer

/// Chooses glyphs and colours for the terminal at hand, and maps every style to a colour pair.
struct TerminalTheme {
    let theme: Theme
    private var pairs: [Style: Int32] = [:]

    /// Glyphs from the locale (UTF-8 or not) unless ASCII is forced; colours from the terminal unless
    /// NO_COLOR is set (ncurses itself ignores it).
    init(forceASCII: Bool, noColor: Bool) {
        let glyphs: GlyphSet = forceASCII || !unroll_locale_is_utf8() ? .ascii : .unicode
        let colors: ColorDepth
        if noColor || !unroll_term_has_colors() {
            colors = .none
        } else {
            colors = unroll_term_color_count() >= 256 ? .full : .eight
        }
        theme = Theme(glyphSet: glyphs, colors: colors)
        if colors != .none { definePairs() }
    }

    static let allStyles: [Style] = [.normal, .dim, .title, .accent, .warning, .danger, .good, .selected, .marker,
                                     .keyBar, .keyBarKey, .border, .plotHidden, .plotCell, .plotBound, .plotGhost]
        + (-4...4).map { Style.signed(Int8($0)) } + (0...8).map { Style.magnitude(Int8($0)) }

    private mutating func definePairs() {
        var next: Int32 = 1
        for style in Self.allStyles {
            let (fg, bg) = colours(style)
            if fg == -1 && bg == -1 { continue }
            unroll_init_pair(next, fg, bg)
            pairs[style] = next
            next += 1
        }
    }

    /// Foreground and background (−1 = the terminal's default) for a style.
    private func colours(_ style: Style) -> (Int32, Int32) {
        let full = theme.colors == .full
        // ANSI: 0 black, 1 red, 2 green, 3 yellow, 4 blue, 5 magenta, 6 cyan, 7 white.
        switch style {
        case .normal, .dim, .border: return (-1, -1)
        case .title: return (full ? 39 : 6, -1)
        case .accent: return (full ? 75 : 6, -1)
        case .warning: return (full ? 214 : 3, -1)
        case .danger: return (full ? 196 : 1, -1)
        case .good: return (full ? 114 : 2, -1)
        case .selected, .marker: return (full ? 226 : 3, -1)
        case .keyBar: return (full ? 252 : 7, full ? 236 : 4)
        case .keyBarKey: return (full ? 16 : 0, full ? 75 : 6)
        case .plotHidden: return (full ? 208 : 3, -1)
        case .plotCell: return (full ? 75 : 6, -1)
        case .plotBound: return (full ? 244 : 7, -1)
        case .plotGhost: return (full ? 241 : 7, -1)
        case let .signed(level):
            // Blue for negative, orange for positive: a diverging scale colour-blind readers can tell apart.
            let fullScale: [Int32] = [21, 33, 75, 153, 250, 223, 215, 208, 202]
            let eightScale: [Int32] = [4, 4, 4, 4, 7, 3, 3, 3, 3]
            return ((full ? fullScale : eightScale)[Int(min(max(level, -4), 4)) + 4], -1)
        case let .magnitude(level):
            let fullScale: [Int32] = [236, 238, 240, 243, 246, 249, 252, 254, 231]
            return (full ? fullScale[Int(min(max(level, 0), 8))] : 7, -1)
        }
    }

    /// The ANSI SGR sequence that draws a style as this terminal does (for an asciicast of the session).
    func sgr(_ style: Style) -> String {
        var codes = ["0"]
        let a = attributes(style)
        if a.bold { codes.append("1") }
        if a.dim { codes.append("2") }
        if a.underline { codes.append("4") }
        if a.reverse { codes.append("7") }
        if theme.colors != .none {
            let (fg, bg) = colours(style)
            let full = theme.colors == .full
            if fg >= 0 { codes.append(full ? "38;5;\(fg)" : "\(30 + fg)") }
            if bg >= 0 { codes.append(full ? "48;5;\(bg)" : "\(40 + bg)") }
        }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    /// The colour pair and attributes of a style.
    func attributes(_ style: Style) -> (pair: Int32, bold: Bool, reverse: Bool, dim: Bool, underline: Bool) {
        let pair = pairs[style] ?? 0
        let mono = theme.colors == .none
        switch style {
        case .title, .selected, .keyBarKey: return (pair, true, mono && style == .keyBarKey, false, false)
        case .marker, .danger: return (pair, true, false, false, false)
        case .dim, .border, .plotGhost: return (pair, false, false, true, false)
        case .keyBar: return (pair, false, mono, false, false)
        case let .signed(level): return (pair, theme.colors == .eight && abs(level) >= 3, false, false, false)
        case let .magnitude(level): return (pair, theme.colors == .eight && level >= 6, false, false, false)
        default: return (pair, false, false, false, false)
        }
    }
}
