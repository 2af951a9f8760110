import UnrollCore

/// The milliseconds a diagonal cell's forward pass and its forward pass with BPTT take over one sequence by
/// the loop (one thread) and by the scan on `threads` cores, the best of several runs each.
public struct ScanPassTiming: Sendable {
    public let cell: CellKind, hidden: Int, steps: Int, threads: Int
    public let loopForwardMilliseconds: Double, scanForwardMilliseconds: Double
    public let loopBackwardMilliseconds: Double, scanBackwardMilliseconds: Double

    /// Times all four on the same network and sequence.
    public static func measure(cell: CellKind, hidden: Int, steps: Int, threads: Int, seconds: Double = 0.2) -> ScanPassTiming {
        let spec = ExperimentSpec(cell: cell, hidden: hidden, length: steps, task: .adding, seed: 0)
        let network = spec.makeNetwork(), sequence = spec.makeSequence()
        func best(_ run: () -> Float) -> Double {
            let clock = ContinuousClock()
            var fastest = Double.infinity, spent = 0.0, runs = 0
            blackHole(run())  // warm caches and pages
            while spent < seconds || runs < 3 {
                let s = clock.measure { blackHole(run()) }.inSeconds
                fastest = min(fastest, s)
                spent += s
                runs += 1
            }
            return fastest * 1000
        }
        func forward(_ schedule: PassSchedule) -> Float { network.forward(sequence, loss: .mseAll, schedule: schedule).lossValue }
        func backward(_ schedule: PassSchedule) -> Float {
            let trace = network.forward(sequence, loss: .mseAll, schedule: schedule)
            return network.backward(trace, schedule: schedule).parameters[0]
        }
        let scan = PassSchedule.scan(threads: threads)
        return ScanPassTiming(cell: cell, hidden: hidden, steps: steps, threads: threads,
                              loopForwardMilliseconds: best { forward(.loop) }, scanForwardMilliseconds: best { forward(scan) },
                              loopBackwardMilliseconds: best { backward(.loop) }, scanBackwardMilliseconds: best { backward(scan) })
    }
}
