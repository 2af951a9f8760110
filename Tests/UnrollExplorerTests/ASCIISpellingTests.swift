import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer

/// In plain ASCII (TERM=vt100, LANG=C) every symbol the explorer can print has a spelling, and text is
/// measured and wrapped after the substitution, so a stand-in longer than its symbol is never cut.
@Suite struct ASCIISpellingTests {
    static var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized }

    /// The string literals of a Swift file, roughly: what lies between quotes outside comments, multi-line
    /// literals included. Good enough to collect the characters a file can print.
    static func literals(_ source: String) -> [String] {
        var out: [String] = [], current = "", inString = false, multiLine = false
        let characters = Array(source)
        var k = 0
        func at(_ i: Int, _ text: String) -> Bool {
            let t = Array(text)
            return i + t.count <= characters.count && Array(characters[i..<(i + t.count)]) == t
        }
        while k < characters.count {
            let c = characters[k]
            if !inString {
                if at(k, "//") { while k < characters.count, characters[k] != "\n" { k += 1 }; continue }
                if at(k, "/*") { while k < characters.count, !at(k, "*/") { k += 1 }; k += 2; continue }
                if at(k, "\"\"\"") { inString = true; multiLine = true; k += 3; continue }
                if c == "\"" { inString = true; multiLine = false; k += 1; continue }
                k += 1
                continue
            }
            if c == "\\" { current.append(c); if k + 1 < characters.count { current.append(characters[k + 1]) }; k += 2; continue }
            if multiLine ? at(k, "\"\"\"") : c == "\"" || c == "\n" {
                out.append(current)
                current = ""
                inString = false
                k += multiLine ? 3 : 1
                continue
            }
            current.append(c)
            k += 1
        }
        return out
    }

    /// Every non-ASCII character in the explorer's, the terminal's and the core's string literals and in
    /// the shipped lessons, with where it was found.
    static func symbols() throws -> [Character: String] {
        var found: [Character: String] = [:]
        let fm = FileManager.default
        // The glyph tables choose per glyph set (a block or a box corner is drawn only in UTF-8); the
        // command-line tools print to standard output, not through a theme.
        let skipped: Set<String> = ["Theme.swift", "DisplayWidth.swift", "DiagramGlyphs.swift"]
        for module in ["UnrollExplorer", "UnrollTerminal", "UnrollCore"] {
            let folder = root.appendingPathComponent("Sources/" + module)
            let files = try #require(fm.enumerator(atPath: folder.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            for file in files where !skipped.contains(URL(fileURLWithPath: file).lastPathComponent) {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for literal in literals(text) { for c in literal where !c.isASCII { found[c] = found[c] ?? "\(module)/\(file)" } }
            }
        }
        let lessons = root.appendingPathComponent("lessons")
        for name in try fm.contentsOfDirectory(atPath: lessons.path) where name.hasSuffix(".md") {
            let text = try String(contentsOf: lessons.appendingPathComponent(name), encoding: .utf8)
            for c in text where !c.isASCII { found[c] = found[c] ?? "lessons/\(name)" }
        }
        return found
    }

    @Test func theWalkFindsTheSymbolsItShould() throws {
        let symbols = try Self.symbols()
        // A sample the walk must see, from views, lessons and the core (a gate named λ).
        for c in ["σ", "∂", "‖", "₁", "ᵀ", "→", "λ", "…"] as [Character] { #expect(symbols[c] != nil, "\(c)") }
        #expect(Self.literals("let a = \"σ(\\(x))\" // ρ\n/* θ */ let b = \"\"\"\n  γ\n  \"\"\"") == ["σ(\\(x))", "\n  γ\n  "])
    }

    @Test func everySymbolHasAnASCIISpelling() throws {
        for (c, whereFound) in try Self.symbols().sorted(by: { $0.key < $1.key }) {
            let shown = String(Theme.plainASCII.displayable(String(c)))
            #expect(!shown.isEmpty && shown.allSatisfy(\.isASCII) && !shown.contains("?"),
                    "\(c) (U+\(String(c.unicodeScalars.first!.value, radix: 16, uppercase: true)), in \(whereFound)) reads \"\(shown)\" in ASCII")
        }
    }

    /// The spellings a learner reads, whole.
    @Test func formulasReadAsWords() {
        let cases: [(String, String)] = [
            ("tanh′ = 1 − h²", "tanh' = 1 - h^2"), ("bound (γσ_max)^(T−t)", "bound (gamma*s_max)^(T-t)"), ("f = σ(a_f)", "f = sigma(a_f)"),
            ("∂L/∂W_hh = Σₖ (∂L/∂aₖ) hₖ₋₁ᵀ", "dL/dW_hh = sum_k (dL/da_k) h_(k-1)^T"), ("x₁ and x₂", "x_1 and x_2"), ("h₀ = 0", "h_0 = 0"),
            ("‖∂L/∂θ‖", "|dL/dtheta|"), ("λ = exp(−exp(ν))", "lambda = exp(-exp(nu))"), ("λ_max 0.9972", "lambda_max 0.9972"),
            ("Tab (or ↓) selects", "Tab (or Down) selects"), ("↑ ↓ choose, ← → change", "Up Down choose, <- -> change"),
            ("1−λ ÷1.00", "1-lambda /1.00"), ("c₆₀ back to c₁", "c_60 back to c_1"),
        ]
        for (unicode, ascii) in cases { #expect(String(Theme.plainASCII.displayable(unicode)) == ascii) }
    }

    /// Wrapping measures the ASCII text: "x₁" keeps its 1 and "one" its e at every width.
    @Test func wrappingHappensAfterTheSubstitution() {
        let text = "the inputs x₁ and x₂ are read one step at a time, ‖∂L/∂hₜ‖ falls, and σ(a) → 1"
        let ascii = String(Theme.plainASCII.displayable(text))
        for width in 4...40 {
            let lines = TextWrap.lines(text, width: width, theme: .plainASCII)
            #expect(lines.allSatisfy { $0.count <= width }, "\(width): \(lines)")
            // Below the widest word (|dL/dh_t|, 9) words are cut across lines, never shortened.
            if width >= 9 { #expect(lines.joined(separator: " ") == ascii, "\(width): \(lines)") }
            #expect(lines.joined().filter { $0 != " " } == ascii.filter { $0 != " " }, "\(width): \(lines)")
        }
        // An arrow keeps its neighbours in ASCII as in UTF-8.
        #expect(TextWrap.lines("so a → b", width: 7, theme: .plainASCII) == ["so", "a -> b"])
    }

    /// Help's key column is as wide as its widest keys in the theme at hand: "Esc Enter s ?" lost its ?.
    @Test func helpKeysAreNeverCut() {
        for theme in [Theme.plainUnicode, .plainASCII] {
            var state = ExplorerState(spec: ExperimentSpec())
            var canvas = Canvas(width: 80, height: 24, theme: theme)
            let rows = HelpView.lines(width: 78, theme: theme)
            let keys = Set(KeyBindings.all.map { $0.keys.map(\.label).joined(separator: " ") })
            for page in 0..<HelpView.mostPages() {
                state.screen = .help
                state.helpPage = page
                canvas = KeyScript.render(state, width: 80, height: 24, theme: theme)
                for row in rows where !row.keys.isEmpty && canvas.text.contains(String(theme.displayable(row.text))) {
                    #expect(canvas.lines.contains { $0.hasPrefix(" " + String(theme.displayable(row.keys)) + " ") }, "\(row.keys)")
                }
            }
            #expect(keys.contains("Esc Enter s ?"))
        }
    }
}
