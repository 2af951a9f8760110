import UnrollCore

/// Times benchmark cases on one thread.
public struct BenchmarkRunner: Sendable {
    /// Seconds to spend per case at least (split over repetitions).
    public let minimumSeconds: Double

    /// Creates a runner.
    public init(minimumSeconds: Double = 0.3) { self.minimumSeconds = minimumSeconds }

    /// Measures one case: calls repeat until the time budget is spent; the best call counts (the least
    /// disturbed by the rest of the machine).
    public func measure(_ c: BenchmarkCase) -> BenchmarkResult {
        var generator = SeededGenerator(seed: 1)
        let config = NetworkConfig(cell: c.cell, inputSize: c.inputSize, hiddenSize: c.hidden, outputSize: 1)
        let network = Network(config: config, init: InitOptions(), generator: &generator)
        let sequence = TaskKind.random.sample(length: c.length, inputSize: c.inputSize, outputSize: 1, generator: &generator)
        var sink: Float = 0
        let work: () -> Void
        switch c.pass {
        case .forward:
            work = { sink += network.forward(sequence, loss: .mseAll).lossValue }
        case .backward:
            work = {
                let trace = network.forward(sequence, loss: .mseAll)
                sink += network.backward(trace).parameters[0]
            }
        case .stepwise:
            work = {
                let stepper = Stepper(network: network)
                sequence.inputs.withUnsafeBufferPointer { x in
                    for t in 0..<c.length {
                        stepper.step(x.baseAddress! + t * c.inputSize)
                        sink += stepper.withHidden { $0[0] }
                    }
                }
            }
        }
        let clock = ContinuousClock()
        work()  // warm caches and allocations
        var best = Double.infinity, spent = 0.0, runs = 0
        while spent < minimumSeconds || runs < 3 {
            let elapsed = clock.measure(work)
            let seconds = elapsed.inSeconds
            best = min(best, seconds)
            spent += seconds
            runs += 1
        }
        blackHole(sink)
        return BenchmarkResult(benchmark: c, microsecondsPerStep: best * 1e6 / Double(c.length))
    }
}

/// Keeps a value alive so the optimizer cannot drop the work that made it.
@inline(never)
func blackHole(_ x: Float) {
    if x == .greatestFiniteMagnitude { print(x) }
}
