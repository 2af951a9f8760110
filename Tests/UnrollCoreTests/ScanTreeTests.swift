import Testing
@testable import UnrollCore

/// The log-depth scan tree the explorer draws computes the loop's prefixes, in its rounds.
@Suite struct ScanTreeTests {
    @Test(arguments: [1, 2, 4, 8, 16, 32, 64])
    func afterTheLastRoundEveryPrefixIsTheLoops(width: Int) {
        var g = SeededGenerator(seed: UInt64(width))
        let steps = (0..<width).map { _ in AffineStep(a: g.uniform(0.5, 1), b: g.uniform(-1, 1)) }
        let tree = ScanTree(width: width)
        let (values, first) = tree.state(of: steps, after: tree.rounds.count)
        var h: Float = 0.3
        for i in 0..<width {
            h = steps[i].apply(to: h)
            #expect(first[i] == 0, "element \(i) holds the whole prefix")
            #expect(abs(values[i].apply(to: 0.3) - h) <= 1e-5 * max(1, abs(h)), "prefix \(i)")
        }
    }

    @Test func roundsAndWorkAreBrentKungs() {
        let tree = ScanTree(width: 16)
        #expect(tree.rounds.count == 7 && tree.upSweepRounds == 4)
        #expect(tree.work == 26)                              // 2W − 2 − log₂W
        #expect(tree.rounds[0].map(\.later) == [1, 3, 5, 7, 9, 11, 13, 15])
        #expect(tree.rounds[3].map { [$0.earlier, $0.later] } == [[7, 15]])
        #expect(tree.rounds[4].map { [$0.earlier, $0.later] } == [[7, 11]])
        #expect(tree.rounds[6].map(\.later) == [2, 4, 6, 8, 10, 12, 14])
        // The up-sweep finishes the prefixes at 2^k − 1; the down-sweep the rest, the odd-numbered steps last.
        #expect([1, 3, 7, 15].map(tree.finishingRound(of:)) == [1, 2, 3, 4])
        #expect(tree.finishingRound(of: 11) == 5 && tree.finishingRound(of: 2) == 7)
        #expect(ScanTree(width: 50).width == 32)
    }
}

/// The (aₜ, bₜ) a diagonal cell's trace gives are its own recurrence: the loop over them is the trace's state.
@Suite struct RecurrenceStepTests {
    @Test(arguments: [CellKind.ssm, .mingru, .selective])
    func theStepsRebuildTheStates(_ cell: CellKind) throws {
        var g = SeededGenerator(seed: 5)
        let config = NetworkConfig(cell: cell, inputSize: 2, hiddenSize: 3, outputSize: 1)
        let network = Network(config: config, init: InitOptions(), generator: &g)
        let trace = network.forward(TaskKind.adding.sample(length: 12, generator: &g), loss: .mseAll)
        for k in [0, max(config.carriedWidth, 3) - 1] {
            var s = trace.recurrentState(entry: k, after: -1)
            for t in 0..<12 {
                s = try #require(trace.recurrenceStep(at: t, entry: k)).apply(to: s)
                let loop = trace.recurrentState(entry: k, after: t)
                #expect(abs(s - loop) <= 1e-5 * max(1, abs(loop)), "\(cell) entry \(k) step \(t): \(s) vs \(loop)")
            }
        }
    }
}
