import ArgumentParser
import UnrollBench
import UnrollCore

/// `unroll bench`: time forward, forward+BPTT and step-through for every cell and size, on one thread.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time the kernels: µs per timestep and GFLOP/s, one thread, batch 1.",
        discussion: "Build in release mode for meaningful numbers: swift run -c release unroll bench"
    )

    @Option(parsing: .upToNextOption, help: "Cells to time.")
    var cells: [CellKind] = [.rnnTanh, .lstm, .gru, .ssm, .mingru, .selective]

    @Option(name: BenchHiddenNumber.name, parsing: .upToNextOption, help: "Hidden sizes.")
    var hidden: [NumberText<BenchHiddenNumber>] = ["16", "64", "256"]

    @Option(name: BenchLengthNumber.name, parsing: .upToNextOption, help: "Sequence lengths.")
    var length: [NumberText<BenchLengthNumber>] = ["100", "1000"]

    @Option(parsing: .upToNextOption, help: "Passes: forward, backward (forward+BPTT), stepwise.")
    var pass: [BenchmarkPass] = BenchmarkPass.allCases

    @Option(name: BenchSecondsNumber.name, parsing: .unconditional, help: "Seconds to spend on each configuration.")
    var seconds: NumberText<BenchSecondsNumber> = "0.3"

    @Flag(help: "One JSON object per line instead of a table.")
    var json = false

    @Flag(help: "Time whole training updates instead (H=64, batch 64, adding T=50, Adam, clipping at 1).")
    var training = false

    @Flag(help: "Time the explorer instead: milliseconds from a key that recomputes the model to its frame, each cell one-way and bidirectional.")
    var explorer = false

    @Flag(help: "Time the linear recurrence hₜ = aₜ∘hₜ₋₁ + bₜ by the loop and by the parallel scan, one thread and every core, then the diagonal cells' whole passes both ways.")
    var scan = false
    @Flag(help: "Time unroll stream's path in process over a million values (parse, step, format) against the bare steps, with the resident memory before and after.")
    var stream = false

    @Flag(help: "Time the causal attention layer: the whole sequence forward and with BPTT, and one cached token at t = 10, 100, 1000.")
    var attention = false

    @Option(name: BenchHeadsNumber.name, parsing: .upToNextOption, help: "Heads asked for with --attention (each width takes the most of them that divide it).")
    var heads: [NumberText<BenchHeadsNumber>] = ["4"]

    @Option(name: BenchRepeatsNumber.name, parsing: .unconditional, help: "Presses of each key with --explorer (the median and the slowest are shown).")
    var repeats: NumberText<BenchRepeatsNumber> = "7"

    /// The flags that take a list of numbers (`--hidden 16 64 256`).
    static let listFlags: Set<String> = [BenchHiddenNumber.flag, BenchLengthNumber.flag, BenchHeadsNumber.flag]

    /// `arguments` with every negative number in a list attached to its flag (`--hidden -1 64` becomes
    /// `--hidden=-1 64`, `--hidden 16 -1` becomes `--hidden 16 --hidden=-1`): a list's values are read up to
    /// the next word starting with a dash, so `-1` would otherwise be taken for an option and never reach
    /// the validator. Only bench has such lists.
    static func attachingNegativeValues(_ arguments: [String]) -> [String] {
        guard arguments.first == "bench" else { return arguments }
        var result: [String] = [], list: String? = nil
        for word in arguments {
            if let flag = list, looksLikeNegativeNumber(word) {
                // Right after the flag, the flag itself takes the value; later in the list, the flag again.
                if result.last == "--\(flag)" { result.removeLast() }
                result.append("--\(flag)=\(word)")
                continue
            }
            if word.hasPrefix("--") {
                let name = String(word.dropFirst(2).prefix { $0 != "=" })
                list = listFlags.contains(name) ? name : nil
            } else if word.hasPrefix("-") {
                list = nil
            }
            result.append(word)
        }
        return result
    }

    /// "-1", "-0.5", "-.5", "-1e30", "-inf", "-nan".
    static func looksLikeNegativeNumber(_ word: String) -> Bool {
        guard word.hasPrefix("-"), let second = word.dropFirst().first else { return false }
        return second.isNumber || (second == "." && word.count > 2) || ["-inf", "-nan", "-infinity"].contains(word.lowercased())
    }

    mutating func validate() throws {
        for h in hidden { _ = try h.value() }
        for t in length { _ = try t.value() }
        for n in heads { _ = try n.value() }
        _ = try seconds.value()
        _ = try repeats.value()
    }

    func run() throws {
        let seconds = Double(self.seconds.number), hidden = self.hidden.map(\.whole), length = self.length.map(\.whole)
        if explorer { return runExplorer(hidden: hidden, length: length) }
        if scan { return runScan(seconds: seconds) }
        if stream { return runStream() }
        if attention { return runAttention(hidden: hidden, heads: heads.map(\.whole), length: length, seconds: seconds) }
        if training {
            let bench = TrainingStepBenchmark(minimumSeconds: max(seconds, 1))
            if !json { FileHandleOutput.standardOutput("training update, H=64, batch 64, adding T=50, Adam, clip 1, one thread\ncell      ms/update\n") }
            for cell in cells {
                let ms = bench.millisecondsPerStep(cell: cell)
                FileHandleOutput.standardOutput(json
                    ? #"{"cell":"\#(cell.rawValue)","pass":"train_step","hidden":64,"batch":64,"length":50,"ms_per_step":\#(format(ms, 3))}"# + "\n"
                    : pad(cell.rawValue, 10) + leftPad(format(ms, 2), 9) + "\n")
            }
            return
        }
        let peak = measurePeakGFLOPS()
        let runner = BenchmarkRunner(minimumSeconds: seconds)
        if !json {
            FileHandleOutput.standardOutput("measured single-core FMA peak: \(format(peak, 1)) GFLOP/s\n")
            FileHandleOutput.standardOutput("W_hh read: a streaming read of the recurrent weights from cache, once a forward step and twice a forward+BPTT step (W_hh h, then W_hhᵀ d): the step's floor\n")
            FileHandleOutput.standardOutput("matvecs, elementwise: a forward step's two parts timed alone (the projections; the activations and state updates)\n")
            FileHandleOutput.standardOutput(
                "cell      H     T      pass      µs/step   GFLOP/s  of peak  W_hh read  × floor   matvecs  elementwise\n")
        }
        for cell in cells {
            for h in hidden {
                // A forward step reads W_hh once; forward and BPTT twice (W_hh h, then W_hhᵀ d).
                let floor = cell.hasRecurrentMatrix ? streamingReadMicroseconds(floats: cell.gateCount * h * h) : 0
                let matvecs = stepPartMicroseconds(cell: cell, hidden: h, part: .projections)
                let elementwise = stepPartMicroseconds(cell: cell, hidden: h, part: .elementwise)
                for t in length {
                    for p in pass {
                        let result = runner.measure(BenchmarkCase(cell: cell, hidden: h, length: t, pass: p))
                        let reads = p == .backward ? 2.0 : 1.0
                        let ratio = floor > 0 ? result.microsecondsPerStep / (reads * floor) : Double.nan
                        if json {
                            FileHandleOutput.standardOutput(
                                #"{"cell":"\#(cell.rawValue)","hidden":\#(h),"length":\#(t),"pass":"\#(p.rawValue)","us_per_step":\#(format(result.microsecondsPerStep, 4)),"gflops":\#(format(result.gflops, 2)),"peak_gflops":\#(format(peak, 1)),"whh_read_us":\#(format(reads * floor, 4)),"floor_ratio":\#(ratio.isFinite ? format(ratio, 3) : "null"),"matvecs_us":\#(format(matvecs, 4)),"elementwise_us":\#(format(elementwise, 4))}"# + "\n")
                        } else {
                            FileHandleOutput.standardOutput(
                                pad(cell.rawValue, 9) + pad(String(h), 6) + pad(String(t), 7) + pad(p.rawValue, 9)
                                    + leftPad(format(result.microsecondsPerStep, 3), 9) + leftPad(format(result.gflops, 1), 10)
                                    + leftPad(format(100 * result.gflops / peak, 1) + "%", 9)
                                    + leftPad(floor > 0 ? format(reads * floor, 3) : "—", 11) + leftPad(floor > 0 ? format(ratio, 2) + "x" : "—", 9)
                                    + (p == .forward ? leftPad(format(matvecs, 3), 10) + leftPad(format(elementwise, 3), 13) : "") + "\n")
                        }
                    }
                }
            }
        }
    }
}

extension BenchCommand {
    /// The explorer's key-to-frame table: the budget is 16 ms at H ≤ 64 and 50 ms above.
    func runExplorer(hidden: [Int], length: [Int]) {
        if !json {
            FileHandleOutput.standardOutput("key to frame: update (forward, BPTT, spectrum) and an 80x24 render; \(repeats.whole) presses\n")
            FileHandleOutput.standardOutput("filled in: to the frame with the gradient and spectrum a worker computed (\"computing …\" until then)\n")
            FileHandleOutput.standardOutput("cell      bidir  H     T      key     ms median   ms max   budget  filled in median    max\n")
        }
        for cell in cells {
            for bidirectional in [false, true] {
                for h in hidden {
                    for t in length {
                        for key in RecomputingKey.allCases {
                            let r = ExplorerLatency.measure(cell: cell, hidden: h, length: t, bidirectional: bidirectional, key: key,
                                                            repeats: repeats.whole)
                            let budget = h <= 64 ? 16.0 : 50.0
                            FileHandleOutput.standardOutput(json
                                ? #"{"cell":"\#(cell.rawValue)","bidirectional":\#(bidirectional),"hidden":\#(h),"length":\#(t),"key":"\#(key.rawValue)","ms_median":\#(format(r.millisecondsMedian, 3)),"ms_max":\#(format(r.millisecondsMax, 3)),"budget_ms":\#(Int(budget)),"filled_ms_median":\#(format(r.filledMedian, 3)),"filled_ms_max":\#(format(r.filledMax, 3))}"# + "\n"
                                : pad(cell.rawValue, 10) + pad(bidirectional ? "yes" : "no", 7) + pad(String(h), 6) + pad(String(t), 7)
                                    + pad(key.rawValue, 6) + leftPad(format(r.millisecondsMedian, 2), 11) + leftPad(format(r.millisecondsMax, 2), 9)
                                    + leftPad(r.millisecondsMax <= budget ? "\(Int(budget)) ok" : "\(Int(budget)) over", 9)
                                    + leftPad(format(r.filledMedian, 2), 18) + leftPad(format(r.filledMax, 2), 7) + "\n")
                        }
                    }
                }
            }
        }
    }
}

extension BenchmarkPass: ExpressibleByArgument {}

/// A number with `digits` decimals, without Foundation's formatter.
func format(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (x * scale).rounded() / scale
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        if digits == 0 { text = String(text[..<dot]) }
    }
    return text
}

func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(0, width - s.count)) }
func leftPad(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }

extension BenchCommand {
    /// Loop against scan over sequence lengths and channel counts (H for ssm and mingru, D·N for a selective
    /// scan), on one thread and on every core.
    func runScan(seconds: Double) {
        let cores = onlineCores
        if !json {
            FileHandleOutput.standardOutput("linear recurrence hₜ = aₜ∘hₜ₋₁ + bₜ: the loop against the chunked scan (\(cores) cores here)\n")
            FileHandleOutput.standardOutput("T        channels  threads  loop ms   scan ms   loop/scan\n")
        }
        for steps in [1000, 10_000, 100_000] {
            for channels in [64, 512] {
                for threads in Set([1, cores]).sorted() {
                    let r = ScanTiming.measure(steps: steps, channels: channels, threads: threads, seconds: min(seconds, 0.3))
                    let ratio = r.loopMilliseconds / r.scanMilliseconds
                    FileHandleOutput.standardOutput(json
                        ? #"{"pass":"scan","length":\#(steps),"channels":\#(channels),"threads":\#(threads),"loop_ms":\#(format(r.loopMilliseconds, 4)),"scan_ms":\#(format(r.scanMilliseconds, 4)),"speedup":\#(format(ratio, 3))}"# + "\n"
                        : pad(String(steps), 9) + pad(String(channels), 10) + pad(String(threads), 9)
                            + leftPad(format(r.loopMilliseconds, 3), 8) + leftPad(format(r.scanMilliseconds, 3), 10)
                            + leftPad(format(ratio, 2) + "x", 12) + "\n")
                }
            }
        }
        runScanPasses(seconds: seconds, cores: cores)
    }

    /// The diagonal cells' whole passes (the projections, the recurrence, the readout, and BPTT) by the loop
    /// on one thread against the scan on every core (`PassSchedule.scan`), whichever `forward` would choose.
    func runScanPasses(seconds: Double, cores: Int) {
        let chosen = cells.filter(\.isDiagonal)
        if !json {
            FileHandleOutput.standardOutput("\nthe diagonal cells' passes: the loop (1 thread) against the scan (\(cores) threads), ms per sequence\n")
            FileHandleOutput.standardOutput("cell       H     T        forward loop  scan   ratio   fwd+BPTT loop  scan   ratio\n")
        }
        for cell in chosen {
            for hidden in [16, 64] {
                for steps in [1000, 10_000] {
                    let r = ScanPassTiming.measure(cell: cell, hidden: hidden, steps: steps, threads: cores, seconds: min(seconds, 0.3))
                    let forward = r.loopForwardMilliseconds / r.scanForwardMilliseconds
                    let backward = r.loopBackwardMilliseconds / r.scanBackwardMilliseconds
                    FileHandleOutput.standardOutput(json
                        ? #"{"pass":"scan_cells","cell":"\#(cell.rawValue)","hidden":\#(hidden),"length":\#(steps),"threads":\#(cores),"loop_forward_ms":\#(format(r.loopForwardMilliseconds, 4)),"scan_forward_ms":\#(format(r.scanForwardMilliseconds, 4)),"loop_backward_ms":\#(format(r.loopBackwardMilliseconds, 4)),"scan_backward_ms":\#(format(r.scanBackwardMilliseconds, 4))}"# + "\n"
                        : pad(cell.rawValue, 11) + pad(String(hidden), 6) + pad(String(steps), 9)
                            + leftPad(format(r.loopForwardMilliseconds, 2), 12) + leftPad(format(r.scanForwardMilliseconds, 2), 7)
                            + leftPad(format(forward, 2) + "x", 8)
                            + leftPad(format(r.loopBackwardMilliseconds, 2), 15) + leftPad(format(r.scanBackwardMilliseconds, 2), 7)
                            + leftPad(format(backward, 2) + "x", 8) + "\n")
                }
            }
        }
    }
}

extension BenchCommand {
    /// The attention layer at each width, heads asked for (the most of them that divide the width) and length,
    /// feed-forward 2H.
    func runAttention(hidden: [Int], heads asked: [Int], length: [Int], seconds: Double) {
        if !json {
            FileHandleOutput.standardOutput("causal attention layer (norm first, feed-forward 2H), one thread\n")
            FileHandleOutput.standardOutput("H     heads  T       forward ms  fwd+BPTT ms   token µs at t = 10, 100, 1000   cache bytes at the last\n")
        }
        let sizes = hidden.flatMap { h in Set(asked.map { NetworkConfig.dividingHeads(asked: $0, width: h) }).sorted().map { (h, $0) } }
        for (h, heads) in sizes {
            for t in length {
                let r = AttentionTiming.measure(width: h, heads: heads, length: t, seconds: min(seconds, 0.3))
                let tokens = r.tokens.map { format($0.microseconds, 1) }.joined(separator: ", ")
                let cacheBytes = r.tokens.last.map { String($0.cacheBytes) } ?? ""
                FileHandleOutput.standardOutput(json
                    ? #"{"pass":"attention","hidden":\#(h),"heads":\#(heads),"length":\#(t),"forward_ms":\#(format(r.forwardMilliseconds, 4)),"backward_ms":\#(format(r.backwardMilliseconds, 4)),"token_us":[\#(r.tokens.map { format($0.microseconds, 3) }.joined(separator: ","))],"token_positions":[\#(r.tokens.map { String($0.position) }.joined(separator: ","))],"cache_bytes":[\#(r.tokens.map { String($0.cacheBytes) }.joined(separator: ","))]}"# + "\n"
                    : pad(String(h), 6) + pad(String(heads), 7) + pad(String(t), 8) + leftPad(format(r.forwardMilliseconds, 2), 10)
                        + leftPad(format(r.backwardMilliseconds, 2), 13) + "   " + pad(tokens, 30) + leftPad(cacheBytes, 12) + "\n")
            }
        }
    }
}

extension BenchCommand {
    /// unroll stream's throughput on a million values, each recurrent cell at the widths asked for.
    func runStream() {
        if !json {
            FileHandleOutput.standardOutput("unroll stream's path in process, a million values: parse, step, readout, format; one thread\n")
            FileHandleOutput.standardOutput("cell      H     values/s    bare steps/s  of the floor  resident after 1e3 / 1e6 values\n")
        }
        func megabytes(_ bytes: Int?) -> String { bytes.map { format(Double($0) / 1_048_576, 1) + " MB" } ?? "?" }
        for cell in cells where cell != .attention {
            for h in hidden.map(\.whole) {
                let r = StreamThroughput.measure(cell: cell, hidden: h)
                FileHandleOutput.standardOutput(json
                    ? #"{"pass":"stream","cell":"\#(cell.rawValue)","hidden":\#(h),"values":\#(r.values),"values_per_second":\#(format(r.valuesPerSecond, 0)),"bare_steps_per_second":\#(format(r.bareStepsPerSecond, 0)),"resident_before":\#(r.residentBefore.map(String.init) ?? "null"),"resident_after":\#(r.residentAfter.map(String.init) ?? "null")}"# + "\n"
                    : pad(cell.rawValue, 10) + pad(String(h), 6) + leftPad(format(r.valuesPerSecond, 0), 10)
                        + leftPad(format(r.bareStepsPerSecond, 0), 16) + leftPad(format(100 * r.valuesPerSecond / r.bareStepsPerSecond, 0) + "%", 14)
                        + "  " + megabytes(r.residentBefore) + " / " + megabytes(r.residentAfter) + "\n")
            }
        }
    }
}
