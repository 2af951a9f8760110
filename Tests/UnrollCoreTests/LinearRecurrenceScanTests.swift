import Testing
@testable import UnrollCore

/// The associative scan of hₜ = aₜ ∘ hₜ₋₁ + bₜ gives the loop's numbers, forwards and backwards, and runs
/// the diagonal cells' sequences.
@Suite struct LinearRecurrenceScanTests {
    /// Decays in (0, 1.02) (a few units grow, as a λ near 1 after + can), inputs of either sign.
    static func coefficients(_ shape: ScanShape, seed: UInt64) -> (a: [Float], b: [Float], initial: [Float]) {
        var g = SeededGenerator(seed: seed)
        let n = shape.steps * shape.channels
        let a = (0..<n).map { _ in g.uniform(0, 1.02) }, b = (0..<n).map { _ in g.normal() }
        return (a, b, (0..<shape.channels).map { _ in g.normal() })
    }

    static func loop(_ a: [Float], _ b: [Float], _ initial: [Float], _ shape: ScanShape) -> [Float] {
        var h = [Float](repeating: 0, count: a.count)
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in initial.withUnsafeBufferPointer { ip in
            h.withUnsafeMutableBufferPointer { hp in
                linearRecurrenceLoop(a: ap.baseAddress!, b: bp.baseAddress!, initial: ip.baseAddress!, shape: shape, into: hp.baseAddress!)
            }
        } } }
        return h
    }

    static func scan(_ a: [Float], _ b: [Float], _ initial: [Float], _ shape: ScanShape, threads: Int) -> [Float] {
        var h = [Float](repeating: .nan, count: a.count)
        a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in initial.withUnsafeBufferPointer { ip in
            h.withUnsafeMutableBufferPointer { hp in
                linearRecurrenceScan(a: ap.baseAddress!, b: bp.baseAddress!, initial: ip.baseAddress!, shape: shape,
                                     into: hp.baseAddress!, threads: threads)
            }
        } } }
        return h
    }

    @Test(arguments: [(1, 3), (7, 5), (255, 4), (256, 4), (513, 2), (1000, 64), (100_000, 8)])
    func theScanGivesTheLoopsNumbers(steps: Int, channels: Int) {
        let shape = ScanShape(steps: steps, channels: channels)
        let (a, b, initial) = Self.coefficients(shape, seed: UInt64(steps * 31 + channels))
        let expected = Self.loop(a, b, initial, shape)
        // The loop in Double, to see that both are within float32's own rounding of the truth.
        var truth = [Double](repeating: 0, count: a.count), previous = initial.map(Double.init)
        for t in 0..<steps {
            for j in 0..<channels {
                let k = t * channels + j
                truth[k] = Double(a[k]) * previous[j] + Double(b[k])
            }
            previous = Array(truth[(t * channels)..<((t + 1) * channels)])
        }
        #expect(relativeError(expected, truth.map(Float.init)) < 1e-5, "the loop itself")
        for threads in [2, 3, 8] {
            let scanned = Self.scan(a, b, initial, shape, threads: threads)
            let error = relativeError(scanned, expected)
            #expect(error < 1e-5, "T=\(steps) D=\(channels), \(threads) threads: \(error)")
        }
    }

    @Test func theReverseRecurrenceIsTheBackwardLoop() {
        for (steps, threads) in [(9, 1), (2000, 1), (2000, 4)] {
            let shape = ScanShape(steps: steps, channels: 3)
            let (a, b, _) = Self.coefficients(shape, seed: UInt64(steps + threads))
            var g = [Float](repeating: .nan, count: a.count)
            a.withUnsafeBufferPointer { ap in b.withUnsafeBufferPointer { bp in g.withUnsafeMutableBufferPointer { gp in
                reverseLinearRecurrence(a: ap.baseAddress!, b: bp.baseAddress!, shape: shape, into: gp.baseAddress!, threads: threads)
            } } }
            var expected = [Float](repeating: 0, count: a.count), later = [Float](repeating: 0, count: 3)
            for t in stride(from: steps - 1, through: 0, by: -1) {
                for j in 0..<3 {
                    let carried: Float = t == steps - 1 ? 0 : a[(t + 1) * 3 + j] * later[j]
                    expected[t * 3 + j] = carried + b[t * 3 + j]
                }
                later = Array(expected[(t * 3)..<(t * 3 + 3)])
            }
            #expect(relativeError(g, expected) < 1e-5, "T=\(steps), \(threads) threads")
        }
    }

    /// `ssm` is hₜ = λ ∘ hₜ₋₁ + uₜ and minGRU hₜ = (1 − zₜ) ∘ hₜ₋₁ + zₜ ∘ nₜ: the scan of their coefficients is
    /// their forward pass.
    @Test(arguments: [CellKind.ssm, .mingru])
    func theScanRunsTheDiagonalCells(_ cell: CellKind) {
        var g = SeededGenerator(seed: 5)
        let h = 6, steps = 1200
        let network = Network(config: NetworkConfig(cell: cell, inputSize: 2, hiddenSize: h, outputSize: 1), init: InitOptions(), generator: &g)
        let sequence = TaskKind.adding.sample(length: steps, generator: &g)
        let direction = network.forward(sequence, loss: .mseLast).directions[0]
        var a = [Float](), b = [Float]()
        for t in 0..<steps {
            switch cell {
            case .ssm:
                a += network.lambda(direction: 0)
                b += direction.gate(0, at: t)
            default:
                let z = direction.gate(0, at: t), n = direction.gate(1, at: t)
                a += z.map { 1 - $0 }
                b += zip(z, n).map { $0 * $1 }
            }
        }
        let states = (0..<steps).flatMap { direction.hidden(at: $0) }
        let scanned = Self.scan(a, b, direction.initialHidden, ScanShape(steps: steps, channels: h), threads: 4)
        #expect(relativeError(scanned, states) < 1e-5, "\(cell)")
    }
}

/// The diagonal cells' passes by the scan (`unrollDirectionByScan`, `backpropagateDirectionByScan`) write the
/// loop's trace and gradients, to float32 rounding, up to T = 10⁵; and the schedule takes the scan where
/// it was measured to pay.
@Suite struct ScanPassTests {
    static func setup(_ cell: CellKind, hidden: Int, steps: Int, seed: UInt64)
        -> (network: Network, w: PreparedDirection, inputs: [Float], h0: [Float], c0: [Float], external: [Float]) {
        var g = SeededGenerator(seed: seed)
        let config = NetworkConfig(cell: cell, inputSize: 3, hiddenSize: hidden, outputSize: 1)
        var network = Network(config: config, init: InitOptions(), generator: &g)
        if cell == .selective {
            // Larger steps than the initial ones, so that the states forget within a chunk and the carries matter.
            network.setTensor("bias_dt", (0..<hidden).map { _ in g.uniform(-2, 1) })
        }
        let inputs = (0..<(steps * 3)).map { _ in g.normal() }
        let h0 = (0..<hidden).map { _ in g.normal() }, c0 = (0..<config.carriedWidth).map { _ in g.normal() }
        let external = (0..<(steps * hidden)).map { _ in 0.1 * g.normal() }
        return (network, PreparedDirection(network: network, direction: 0), inputs, h0, c0, external)
    }

    @Test(arguments: [(CellKind.ssm, 16, 3000), (.mingru, 16, 3000), (.selective, 8, 3000),
                      (.ssm, 2, 100_000), (.mingru, 2, 100_000), (.selective, 1, 100_000)])
    func theScanPassesGiveTheLoopsNumbers(cell: CellKind, hidden: Int, steps: Int) {
        let (network, w, inputs, h0, c0, external) = Self.setup(cell, hidden: hidden, steps: steps, seed: UInt64(steps + hidden))
        let loop = unrollDirection(w, inputs: inputs, length: steps, reversed: false, h0: h0, c0: c0, schedule: .loop)
        let scan = unrollDirectionByScan(w, inputs: inputs, length: steps, h0: h0, c0: c0, threads: 3)
        #expect(relativeError(scan.states, loop.states) < 1e-5, "\(cell) h")
        #expect(relativeError(scan.cellStates, loop.cellStates) < 1e-5, "\(cell) s")
        #expect(scan.preactivations == loop.preactivations, "\(cell): the projections do not depend on the state")
        #expect(relativeError(scan.activations, loop.activations) < 1e-6, "\(cell) gates")
        let byLoop = network.backpropagateDirectionByLoop(w, trace: loop, inputs: inputs, external: external)
        let byScan = backpropagateDirectionByScan(w, trace: loop, inputs: inputs, external: external, threads: 3)
        #expect(relativeError(byScan.dh, byLoop.dh) < 1e-5, "\(cell) ∂L/∂h")
        #expect(relativeError(byScan.dc, byLoop.dc) < 1e-5, "\(cell) ∂L/∂s")
        #expect(relativeError(byScan.dGi, byLoop.dGi) < 1e-5, "\(cell) ∂L/∂(W_ih x)")
        #expect(relativeError(byScan.dGh, byLoop.dGh) < 1e-5, "\(cell) dGh")
        #expect(relativeError(byScan.contribution, byLoop.contribution) < 1e-5, "\(cell) terms")
        #expect(relativeError(byScan.initialHidden + byScan.initialCell, byLoop.initialHidden + byLoop.initialCell) < 1e-5,
                "\(cell) ∂L/∂h₀, ∂L/∂s₀")
    }

    @Test func theScheduleChoosesTheScanWhereItWasMeasuredToPay() {
        let (_, w, _, _, _, _) = Self.setup(.selective, hidden: 4, steps: 1, seed: 1)
        let long = 2 * scanMinimumChunk
        #expect(w.scanThreads(length: long, backward: false, schedule: .automatic) == scanThreads)
        #expect(w.scanThreads(length: long - 1, backward: false, schedule: .automatic) == nil, "too short to cut in two")
        #expect(w.scanThreads(length: long, backward: true, schedule: .automatic) == nil, "the backward pass did not pay")
        #expect(w.scanThreads(length: 10, backward: true, schedule: .scan(threads: 3)) == 3)
        #expect(w.scanThreads(length: 100_000, backward: false, schedule: .loop) == nil)
        let (_, ssm, _, _, _, _) = Self.setup(.ssm, hidden: 4, steps: 1, seed: 1)
        #expect(ssm.scanThreads(length: 100_000, backward: false, schedule: .automatic) == nil, "ssm's forward did not pay")
        var g = SeededGenerator(seed: 2)
        let lstm = PreparedDirection(network: Network(config: NetworkConfig(cell: .lstm, inputSize: 1, hiddenSize: 4, outputSize: 1),
                                                      init: InitOptions(), generator: &g), direction: 0)
        #expect(lstm.scanThreads(length: 100_000, backward: false, schedule: .scan(threads: 8)) == nil, "W_hh between the steps")
    }

    /// The scan's chunks depend on T alone: on one core or several it gives the same numbers, bit for bit.
    @Test(arguments: [CellKind.ssm, .selective])
    func theScanGivesTheSameNumbersOnAnyNumberOfCores(_ cell: CellKind) {
        let (_, w, inputs, h0, c0, external) = Self.setup(cell, hidden: 4, steps: 5000, seed: 12)
        let one = unrollDirectionByScan(w, inputs: inputs, length: 5000, h0: h0, c0: c0, threads: 1)
        let two = unrollDirectionByScan(w, inputs: inputs, length: 5000, h0: h0, c0: c0, threads: 2)
        #expect(one.states == two.states && one.cellStates == two.cellStates)
        let backOne = backpropagateDirectionByScan(w, trace: one, inputs: inputs, external: external, threads: 1)
        let backTwo = backpropagateDirectionByScan(w, trace: one, inputs: inputs, external: external, threads: 4)
        #expect(backOne.dh == backTwo.dh && backOne.dc == backTwo.dc && backOne.dGi == backTwo.dGi)
    }

    /// Through `forward` and `backward`, the scan schedule gives the loop's loss and gradients.
    @Test(arguments: [CellKind.ssm, .mingru, .selective])
    func aNetworkGivesTheSameGradientsOnEitherSchedule(_ cell: CellKind) {
        let (network, _, _, _, _, _) = Self.setup(cell, hidden: 5, steps: 1, seed: 9)
        var g = SeededGenerator(seed: 10)
        let sequence = TaskKind.random.sample(length: 1500, inputSize: 3, outputSize: 1, generator: &g)
        let loop = network.forward(sequence, loss: .mseAll, schedule: .loop)
        let scan = network.forward(sequence, loss: .mseAll, schedule: .scan(threads: 2))
        #expect(abs(scan.lossValue - loop.lossValue) <= 1e-5 * abs(loop.lossValue), "\(cell) loss")
        let byLoop = network.backward(loop, schedule: .loop), byScan = network.backward(scan, schedule: .scan(threads: 2))
        #expect(relativeError(byScan.parameters, byLoop.parameters) < 1e-4, "\(cell) ∂L/∂θ")
    }
}
