/// Which glyphs the output can show.
public enum GlyphSet: Sendable {
    /// Blocks, braille and box lines (a UTF-8 locale).
    case unicode
    /// Seven-bit ASCII only (`LANG=C`, `--ascii`).
    case ascii
}

/// How many colours the output has.
public enum ColorDepth: Sendable {
    /// 256 colours.
    case full
    /// The eight ANSI colours.
    case eight
    /// None: characters carry every meaning (`TERM=vt100`, `NO_COLOR`, snapshots).
    case none
}

/// The glyphs for one glyph set.
public struct Glyphs: Sendable {
    public let horizontal: Character, vertical: Character
    /// The marker of the current step.
    public let stepMarker: Character
    /// Nine glyphs for signed levels −4 … 4 when colour does not carry the sign.
    public let signedRamp: [Character]
    /// Nine glyphs for magnitudes 0 … 8.
    public let magnitudeRamp: [Character]
    /// The glyph of a coloured heat cell.
    public let heatCell: Character
    /// Plot glyphs: gradient ‖∂L/∂h‖, cell gradient ‖∂L/∂c‖, bound, both gradients in one cell, the
    /// previous model's gradient.
    public let plotHidden: Character, plotCell: Character, plotBound: Character, plotBoth: Character, plotGhost: Character
    /// Horizontal bar eighths: index k is a cell k/8 full.
    public let barEighths: [Character]
    /// Substitutes for the non-ASCII characters views write (σ, ∂, ‖, …).
    public let substitutions: [Character: String]

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", stepMarker: "▼",
        signedRamp: ["▁", "▂", "▃", "▄", "·", "▅", "▆", "▇", "█"],
        magnitudeRamp: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        heatCell: "█", plotHidden: "●", plotCell: "○", plotBound: "·", plotBoth: "◉", plotGhost: "◦",
        barEighths: [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"], substitutions: [:])

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", stepMarker: "v",
        signedRamp: ["#", "=", "-", ",", " ", ".", "+", "*", "@"],
        magnitudeRamp: [" ", ".", ":", "-", "=", "+", "*", "#", "%"],
        heatCell: "#", plotHidden: "*", plotCell: "o", plotBound: ".", plotBoth: "@", plotGhost: "'",
        barEighths: [" ", " ", " ", "=", "=", "=", "=", "#", "#"],
        substitutions: [
            "σ": "s", "∂": "d", "‖": "|", "γ": "gamma", "λ": "lambda", "ρ": "rho", "∘": "*", "·": "*", "−": "-", "→": "->",
            "←": "<-", "↑": "Up", "↓": "Down", "≈": "~", "≤": "<=", "≥": ">=", "…": "...", "×": "x", "▸": ">", "—": "-",
            "–": "-", "▼": "v", "╰": "`", "↦": "|->", "•": "*", "█": "#", "▏": "|", "✓": "ok", "✗": "x", "α": "alpha", "µ": "u", "Σ": "sum", "Π": "prod", "√": "sqrt",
            "∞": "inf", "θ": "theta", "ν": "nu", "▶": ">", "‹": "<", "›": ">", "▓": "#", "─": "-", "│": "|", "↵": "|",
            "●": "*", "■": "#", "▲": "^", "◆": "+", "○": "o", "½": "1/2", "∑": "sum", "′": "'", "Δ": "Delta", "η": "eta",
            "μ": "mu", "ε": "eps", "π": "pi", "∈": "in", "≠": "!=", "⊙": "*", "±": "+-", "é": "e", "è": "e", "ü": "u", "÷": "/", "◉": "@", "◦": "'", "ŷ": "yhat",
        ])

    /// Subscripts and superscripts, which ASCII writes as _x or _60, and ^x or ^(-6): in parentheses where
    /// the run holds a sign, so h_(k-1) is not read as h_k - 1.
    static let subscripts: [Character: Character] = [
        "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9",
        "ₜ": "t", "ₖ": "k", "ₒ": "o", "ᵢ": "i", "ₙ": "n", "ₓ": "x", "ⱼ": "j", "₋": "-", "₊": "+",
    ]
    static let superscripts: [Character: Character] = [
        "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9",
        "ᵀ": "T", "ⁿ": "n", "⁻": "-", "⁺": "+",
    ]

    /// Runs of several characters whose ASCII reads better as a whole than letter by letter.
    static let asciiPhrases: [(String, String)] = [("γσ", "gamma*s"), ("σ(", "sigma(")]
}

/// Maps meanings to glyphs for one output: a terminal with its locale and colours, or a text snapshot.
public struct Theme: Sendable {
    /// The glyph set.
    public let glyphSet: GlyphSet
    /// The colour depth.
    public let colors: ColorDepth
    /// The glyphs in use.
    public let glyphs: Glyphs

    public init(glyphSet: GlyphSet, colors: ColorDepth) {
        self.glyphSet = glyphSet
        self.colors = colors
        glyphs = glyphSet == .unicode ? .unicode : .ascii
    }

    /// Plain text: UTF-8 glyphs, no colour (the default for snapshots).
    public static let plainUnicode = Theme(glyphSet: .unicode, colors: .none)
    /// Plain ASCII text.
    public static let plainASCII = Theme(glyphSet: .ascii, colors: .none)

    /// The glyph for a heat cell at a signed level: a coloured block when colour shows the value, else a
    /// ramp character that shows it by shape.
    public func heatGlyph(_ level: Int8) -> Character {
        colors == .none ? glyphs.signedRamp[Int(level) + 4] : (level == 0 ? glyphs.signedRamp[4] : glyphs.heatCell)
    }

    /// The text as it can be shown: unchanged in UTF-8; in ASCII every other character is replaced.
    public func displayable(_ string: String) -> [Character] {
        guard glyphSet == .ascii else { return Array(string) }
        var text = string
        for (phrase, ascii) in Glyphs.asciiPhrases where text.contains(phrase) { text = text.replacing(phrase, with: ascii) }
        var out: [Character] = []
        var characters = text[...]
        while let c = characters.first {
            for (table, mark) in [(Glyphs.subscripts, "_"), (Glyphs.superscripts, "^")] where table[c] != nil {
                let run = characters.prefix { table[$0] != nil }.map { table[$0]! }
                let grouped = run.contains { !$0.isLetter && !$0.isNumber }
                out.append(contentsOf: mark + (grouped ? "(" + String(run) + ")" : String(run)))
                characters = characters.dropFirst(run.count)
            }
            guard let c = characters.first else { break }
            if Glyphs.subscripts[c] != nil || Glyphs.superscripts[c] != nil { continue }
            if c.isASCII { out.append(c) } else if let s = glyphs.substitutions[c] { out.append(contentsOf: s) } else { out.append("?") }
            characters = characters.dropFirst()
        }
        return out
    }
}
