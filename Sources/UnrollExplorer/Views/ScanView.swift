import UnrollCore

/// The parallel scan, seen: for a cell whose recurrence is linear in its state (ssm, mingru, selective), the
/// W steps around the cursor as the loop runs them (one after another) and as the log-depth tree does (the
/// pairs each round combines, the current round lit), and every prefix the tree has finished checked against
/// the loop's own state. → and ← step the rounds, Home and End go to the first and the last.
enum ScanView {
    /// Steps the tree spans: 16, or the largest power of two the sequence holds; fixed, so a follower at
    /// another size steps the same rounds.
    static func width(length: Int) -> Int { ScanTree(width: min(16, max(length, 1))).width }

    /// The tree for `state`'s sequence.
    static func tree(_ state: ExplorerState) -> ScanTree { ScanTree(width: width(length: state.length)) }

    /// The first step (1-based) of the block the cursor is in.
    static func firstStep(_ state: ExplorerState) -> Int {
        let w = width(length: state.length)
        let block = (max(state.cursor, 1) - 1) / w * w + 1
        return max(1, min(block, state.length - w + 1))
    }

    /// The state entry the scan follows: the selected unit's (for `selective`, its first state), forward direction.
    static func entry(_ state: ExplorerState) -> Int {
        let unit = state.selectedDirectionAndUnit.unit
        return state.spec.cell.hasSelectiveState ? unit * state.spec.cell.stateSize : unit
    }

    /// The block's steps, the state before it, and each prefix the tree holds after `state.scanRound` rounds
    /// with the loop's value beside it (nil for a prefix not finished yet).
    struct Reading {
        let first: Int, tree: ScanTree, round: Int
        let before: Float
        let loop: [Float]
        let prefixes: [Float?]
        /// Steps of the block (0-based) whose prefix the tree got within float32 rounding of the loop's.
        var agreeing: [Bool] {
            zip(prefixes, loop).map { p, l in p.map { abs($0 - l) <= 1e-5 * max(1, abs(l)) || $0 == l } ?? false }
        }
    }

    static func reading(_ state: ExplorerState) -> Reading? {
        let trace = state.model.trace, tree = tree(state), k = entry(state), first = firstStep(state)
        guard state.spec.cell.isDiagonal, state.length >= 1 else { return nil }
        let steps = (0..<tree.width).compactMap { trace.recurrenceStep(at: first - 1 + $0, entry: k) }
        guard steps.count == tree.width else { return nil }
        let round = min(max(state.scanRound, 0), tree.rounds.count)
        let before = trace.recurrentState(entry: k, after: first - 2)
        let (values, starts) = tree.state(of: steps, after: round)
        let loop = (0..<tree.width).map { trace.recurrentState(entry: k, after: first - 1 + $0) }
        let prefixes = (0..<tree.width).map { i in starts[i] == 0 ? values[i].apply(to: before) : nil }
        return Reading(first: first, tree: tree, round: round, before: before, loop: loop, prefixes: prefixes)
    }

    static func render(_ state: ExplorerState, in area: Rect, on canvas: inout Canvas) {
        guard let r = reading(state) else {
            let cell = state.spec.cell.rawValue
            let text = "The parallel scan needs a recurrence linear in its state, sₜ = aₜ·sₜ₋₁ + bₜ: ssm, mingru or selective. "
                + "\(cell) has a matrix between its steps (c changes the cell)."
            for (k, line) in TextWrap.lines(text, width: area.width, theme: canvas.theme, atMost: area.height).enumerated() {
                canvas.text(area.x, area.y + k, line, .normal, maxWidth: area.width)
            }
            return
        }
        let ascii = canvas.theme.glyphSet == .ascii
        let selective = state.spec.cell.hasSelectiveState, s = selective ? "s" : "h"
        let unit = "u\(state.selectedDirectionAndUnit.unit)" + (selective ? " state 1" : "")
        let last = r.first + r.tree.width - 1, rounds = r.tree.rounds.count
        canvas.firstFitting(area.x, area.y, [
            "Parallel scan of \(s)ₜ = aₜ·\(s)ₜ₋₁ + bₜ, \(unit), steps \(r.first)–\(last) of \(state.length)",
            "Scan of \(s) = a·\(s)₋₁ + b, \(unit), t=\(r.first)–\(last)", "Scan, \(unit), t=\(r.first)–\(last)",
        ], .title, maxWidth: area.width)
        let phase = r.round == 0 ? "not started" : r.round <= r.tree.upSweepRounds ? "up-sweep" : "down-sweep"
        canvas.firstFitting(area.x, area.y + 1, [
            "round \(r.round) of \(rounds) (\(phase)): loop \(r.tree.width) steps, tree \(rounds) rounds, \(r.tree.work) combines",
            "round \(r.round) of \(rounds), \(phase)", "round \(r.round)/\(rounds)",
        ], r.round == rounds ? .good : .accent, maxWidth: area.width)
        // Columns: a label gutter, then 4, 3 or 2 columns a step, as the width allows.
        let gutter = 7, column = max(2, min(4, (area.width - gutter) / r.tree.width))
        func x(_ i: Int) -> Int { area.x + gutter + i * column + column - 1 }
        let horizontal: Character = ascii ? "-" : "─", dot: Character = ascii ? "*" : "●", corner: Character = ascii ? "`" : "╰"
        var y = area.y + 2
        canvas.text(area.x, y, "t", .dim, maxWidth: gutter)
        for i in 0..<r.tree.width where i % (column >= 3 ? 1 : 4) == 0 || i == r.tree.width - 1 {
            let label = String(r.first + i)
            canvas.text(x(i) - label.count + 1, y, label, .dim, maxWidth: label.count)
        }
        y += 1
        // The loop: each step waits for the one before.
        canvas.text(area.x, y, "loop", .dim, maxWidth: gutter)
        for i in 0..<r.tree.width {
            if i > 0 { for c in (x(i - 1) + 1)..<x(i) { canvas.put(c, y, horizontal, .dim) } }
            canvas.put(x(i), y, dot, .dim)
        }
        for (index, pairs) in r.tree.rounds.enumerated() {
            y += 1
            guard y < area.maxY - 1 else { break }
            let number = index + 1
            let style: Style = number == r.round ? .accent : number < r.round ? .normal : .dim
            let label = number <= r.tree.upSweepRounds ? "up \(number)" : "down \(number - r.tree.upSweepRounds)"
            canvas.text(area.x, y, label, style, maxWidth: gutter)
            for (earlier, later) in pairs {
                canvas.put(x(earlier), y, corner, style)
                for c in (x(earlier) + 1)..<x(later) { canvas.put(c, y, horizontal, style) }
                canvas.put(x(later), y, dot, style)
            }
        }
        y += 1
        // Which prefixes are done, and whether each is the loop's.
        canvas.text(area.x, y, "done", .dim, maxWidth: gutter)
        let agree = r.agreeing
        for i in 0..<r.tree.width {
            let done = r.prefixes[i] != nil
            let mark: Character = !done ? (ascii ? "." : "·") : agree[i] ? (ascii ? "+" : "✓") : (ascii ? "x" : "✗")
            canvas.put(x(i), y, mark, !done ? .dim : agree[i] ? .good : .danger)
        }
        y += 1
        var lines: [(String, Style)] = []
        let finished = r.prefixes.compactMap { $0 }.count
        let newest = (0..<r.tree.width).last { r.tree.finishingRound(of: $0) == r.round && r.prefixes[$0] != nil }
        if let i = newest, let value = r.prefixes[i] {
            let t = r.first + i
            let verdict = agree[i] ? "the loop's \(s)\(subscripted(t)) = \(NumberFormat.natural(r.loop[i]))" : "the loop's is \(NumberFormat.natural(r.loop[i])): they differ"
            lines.append(("\(s)\(subscripted(t)) = A·\(s)\(subscripted(r.first - 1)) + B = \(NumberFormat.natural(value)), \(verdict)", agree[i] ? .good : .danger))
        }
        lines.append(("\(finished) of \(r.tree.width) prefixes done" + (finished == r.tree.width ? ", every one the loop's." : "; → runs the next round."), .normal))
        let whole = ScanTree(width: 1 << max(0, Int(ceilLog2(state.length))))
        let wholeRounds = max(0, 2 * ceilLog2(state.length) - 1)
        lines.append(("All T = \(state.length): the loop takes \(state.length) steps one after another; the tree \(wholeRounds) rounds (2·ceil(log₂ T) − 1), \(whole.work) combines.", .dim))
        lines.append(("It works because (a, b) then (a′, b′) is (a′a, a′b + b′): associative, so any grouping gives the same \(s)ₜ.", .dim))
        for (text, style) in lines {
            for line in TextWrap.lines(text, width: area.width, theme: canvas.theme, atMost: 3) {
                guard y < area.maxY else { return }
                canvas.text(area.x, y, line, style, maxWidth: area.width)
                y += 1
            }
        }
    }

    /// ⌈log₂ n⌉ for n ≥ 1.
    static func ceilLog2(_ n: Int) -> Int {
        var k = 0
        while (1 << k) < n { k += 1 }
        return k
    }

    /// n in subscript digits (t₁₇).
    static func subscripted(_ n: Int) -> String {
        let digits: [Character] = ["₀", "₁", "₂", "₃", "₄", "₅", "₆", "₇", "₈", "₉"]
        return String(String(n).map { c in c.wholeNumberValue.map { digits[$0] } ?? c })
    }
}
