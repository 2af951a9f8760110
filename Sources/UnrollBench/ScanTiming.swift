import UnrollCore

/// The milliseconds one linear recurrence over `steps` × `channels` takes by the loop and by the scan on
/// `threads` cores (the best of several runs each), on decays and inputs like a diagonal cell's.
public struct ScanTiming: Sendable {
    public let steps: Int, channels: Int, threads: Int
    public let loopMilliseconds: Double, scanMilliseconds: Double

    /// Times both on the same coefficients.
    public static func measure(steps: Int, channels: Int, threads: Int, seconds: Double = 0.2) -> ScanTiming {
        let n = steps * channels
        var generator = SeededGenerator(seed: 3)
        let a = (0..<n).map { _ in 0.9 + 0.099 * generator.nextUnitFloat() }, b = (0..<n).map { _ in generator.normal() }
        let initial = [Float](repeating: 0, count: channels)
        var h = [Float](repeating: 0, count: n)
        func best(_ run: (UnsafeMutablePointer<Float>) -> Void) -> Double {
            let clock = ContinuousClock()
            var fastest = Double.infinity, spent = 0.0, runs = 0
            h.withUnsafeMutableBufferPointer { out in
                run(out.baseAddress!)  // warm caches and pages
                while spent < seconds || runs < 3 {
                    let s = clock.measure { run(out.baseAddress!) }.inSeconds
                    fastest = min(fastest, s)
                    spent += s
                    runs += 1
                }
            }
            return fastest * 1000
        }
        let shape = ScanShape(steps: steps, channels: channels)
        let (loop, scan) = a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                initial.withUnsafeBufferPointer { ip in
                    (best { linearRecurrenceLoop(a: ap.baseAddress!, b: bp.baseAddress!, initial: ip.baseAddress!, shape: shape, into: $0) },
                     best { linearRecurrenceScan(a: ap.baseAddress!, b: bp.baseAddress!, initial: ip.baseAddress!, shape: shape, into: $0,
                                                 threads: threads) })
                }
            }
        }
        blackHole(h[n - 1])
        return ScanTiming(steps: steps, channels: channels, threads: threads, loopMilliseconds: loop, scanMilliseconds: scan)
    }
}
