import UnrollCore

/// The memory floor of a recurrent step: the microseconds one streaming read of `floats` Floats takes (a
/// cell's W_hh, G·H·H of them, read once a step from whichever cache holds them), the best of many reads
/// of the same resident buffer. A step cannot be faster than reading its weights.
public func streamingReadMicroseconds(floats: Int, seconds: Double = 0.05) -> Double {
    guard floats > 0 else { return 0 }
    let vectors = (floats + 15) / 16
    let buffer = UnsafeMutablePointer<SIMD16<Float>>.allocate(capacity: vectors)
    defer { buffer.deallocate() }
    buffer.initialize(repeating: SIMD16<Float>(repeating: 0.5), count: vectors)
    let clock = ContinuousClock()
    var best = Double.infinity, spent = 0.0, runs = 0
    var total: Float = 0
    while spent < seconds || runs < 10 {
        let elapsed = clock.measure {
            // Four independent sums, so the adds' latency does not hide the loads' throughput.
            var s0 = SIMD16<Float>(), s1 = s0, s2 = s0, s3 = s0
            var k = 0
            while k + 4 <= vectors {
                s0 += buffer[k]; s1 += buffer[k + 1]; s2 += buffer[k + 2]; s3 += buffer[k + 3]
                k += 4
            }
            while k < vectors { s0 += buffer[k]; k += 1 }
            total += (s0 + s1 + s2 + s3).sum()
        }
        let s = elapsed.inSeconds
        best = min(best, s)
        spent += s
        runs += 1
    }
    blackHole(total)
    return best * 1e6
}

/// The microseconds one part of a forward step takes on its own (the best of several runs of many
/// repetitions), for a step at `hidden` units: with the streaming read above, what bounds the whole step.
public func stepPartMicroseconds(cell: CellKind, hidden: Int, part: StepPart, seconds: Double = 0.05) -> Double {
    let probe = StepPartProbe(ExperimentSpec(cell: cell, hidden: hidden, length: 1, task: .adding).makeNetwork())
    let clock = ContinuousClock()
    let repetitions = max(16, 2_000_000 / max(cell.gateCount * hidden * hidden, 1))
    var best = Double.infinity, spent = 0.0, runs = 0, total: Float = 0
    while spent < seconds || runs < 5 {
        let elapsed = clock.measure { total += probe.run(part, repetitions: repetitions) }
        let s = elapsed.inSeconds
        best = min(best, s / Double(repetitions))
        spent += s
        runs += 1
    }
    blackHole(total)
    return best * 1e6
}
