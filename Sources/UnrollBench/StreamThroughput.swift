#if canImport(Glibc)
import Glibc
#endif
import UnrollCore

/// What `unroll stream` sustains, measured in process on a million values: each line parsed, the model
/// stepped, its answer formatted, against the bare steps alone (the floor) in the same run; and the resident
/// memory before and after, which stays flat because nothing but the state is kept.
public struct StreamThroughput: Sendable {
    public let cell: CellKind, hidden: Int, values: Int
    /// Values a second: the whole path (parse, step, readout, format), and the model's steps alone.
    public let valuesPerSecond: Double, bareStepsPerSecond: Double
    /// Resident bytes after the first thousand values and after the last (nil where /proc is not there).
    public let residentBefore: Int?, residentAfter: Int?

    /// Streams `values` lines of a sine wave through a `cell` model of width `hidden`.
    public static func measure(cell: CellKind, hidden: Int, values: Int = 1_000_000) -> StreamThroughput {
        var generator = SeededGenerator(seed: 5)
        let network = Network(config: NetworkConfig(cell: cell, inputSize: 1, hiddenSize: hidden, outputSize: 1),
                              init: InitOptions(), generator: &generator)
        let lines = (0..<1000).map { t in Substring(String(Float(_sin(Double(t) * 0.05)))) }
        let parser = StreamValueParser(columns: 1)
        let forecaster = StreamForecaster(network: network)
        let clock = ContinuousClock()
        var written = 0, before: Int? = nil
        let whole = clock.measure {
            for t in 0..<values {
                guard case let .values(v) = parser.parse(lines[t % lines.count], number: t + 2) else { continue }
                forecaster.step(v)
                written &+= forecaster.outputLine(values: v).utf8.count
                if t == 999 { before = residentBytes() }
            }
        }
        blackHole(Float(written))
        let stepper = Stepper(network: network)
        let steps = min(values, 200_000)
        let bare = clock.measure {
            for t in 0..<steps { stepper.step([Float(t % 7) * 0.1]) }
        }
        blackHole(stepper.hidden[0])
        return StreamThroughput(cell: cell, hidden: hidden, values: values, valuesPerSecond: Double(values) / whole.inSeconds,
                                bareStepsPerSecond: Double(steps) / bare.inSeconds, residentBefore: before, residentAfter: residentBytes())
    }

    /// This process's resident memory, from /proc/self/statm.
    static func residentBytes() -> Int? {
        #if canImport(Glibc)
        guard let file = fopen("/proc/self/statm", "r") else { return nil }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 256)
        guard fgets(&buffer, Int32(buffer.count), file) != nil else { return nil }
        let fields = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }
}
