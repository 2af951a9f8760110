// The log-depth scan a textbook draws (Brent and Kung 1982; the inclusive form of Blelloch's up-sweep and
// down-sweep), over W = 2^L steps of hₜ = aₜ hₜ₋₁ + bₜ, one round at a time, so a screen can show which pairs
// combine in each round and which prefixes are done. On a CPU the chunked scan in LinearRecurrenceScan.swift
// is the faster one; this tree is what a GPU's thousands of lanes run, and what "log T rounds" means.

/// One step of the recurrence, or several composed: h ↦ a·h + b.
public struct AffineStep: Equatable, Sendable {
    public var a: Float, b: Float

    public init(a: Float, b: Float) { self.a = a; self.b = b }

    /// `self`, then `later`: h ↦ later.a·(a·h + b) + later.b.
    public func then(_ later: AffineStep) -> AffineStep {
        AffineStep(a: later.a * a, b: later.a * b + later.b)
    }

    /// The state after these steps from `h`.
    public func apply(to h: Float) -> Float { a * h + b }
}

/// The rounds of a Brent–Kung inclusive scan over `width` steps (a power of two): L = log₂ W up-sweep rounds,
/// then L − 1 down-sweep rounds, 2W − 2 − L combines in all, against the loop's W − 1 in W − 1 rounds.
public struct ScanTree: Sendable, Equatable {
    /// W, the steps the tree spans.
    public let width: Int
    /// For each round, the pairs (earlier, later) it combines: element `later` becomes element `earlier`
    /// composed with it, and then stands for the steps from `earlier`'s first to its own.
    public let rounds: [[(earlier: Int, later: Int)]]
    /// How many of `rounds` are the up-sweep (the rest are the down-sweep).
    public let upSweepRounds: Int

    /// The tree over `width` steps, rounded down to a power of two (at least 1).
    public init(width: Int) {
        var w = 1
        while w * 2 <= max(width, 1) { w *= 2 }
        self.width = w
        var levels = 0
        while (1 << levels) < w { levels += 1 }
        var rounds: [[(Int, Int)]] = []
        for d in 0..<levels {
            let span = 1 << (d + 1), half = 1 << d
            rounds.append(stride(from: 0, to: w, by: span).map { ($0 + half - 1, $0 + span - 1) })
        }
        for d in stride(from: levels - 2, through: 0, by: -1) {
            let half = 1 << d, span = 1 << (d + 1)
            rounds.append(stride(from: 3 * half - 1, to: w, by: span).map { ($0 - half, $0) })
        }
        self.rounds = rounds
        upSweepRounds = levels
    }

    public static func == (l: ScanTree, r: ScanTree) -> Bool { l.width == r.width }

    /// Combines in all.
    public var work: Int { rounds.reduce(0) { $0 + $1.count } }

    /// The elements after the first `done` rounds: element i stands for steps `first[i]` … i composed.
    public func state(of steps: [AffineStep], after done: Int) -> (values: [AffineStep], first: [Int]) {
        precondition(steps.count == width, "the tree spans \(width) steps")
        var values = steps, first = Array(0..<width)
        for round in rounds.prefix(max(0, done)) {
            for (earlier, later) in round {
                values[later] = values[earlier].then(values[later])
                first[later] = first[earlier]
            }
        }
        return (values, first)
    }

    /// The round after which element i holds the whole prefix 0 … i (0 for the first step, which is its own).
    public func finishingRound(of i: Int) -> Int {
        var first = Array(0..<width)
        if i == 0 { return 0 }
        for (r, round) in rounds.enumerated() {
            for (earlier, later) in round { first[later] = first[earlier] }
            if first[i] == 0 { return r + 1 }
        }
        return rounds.count
    }
}
