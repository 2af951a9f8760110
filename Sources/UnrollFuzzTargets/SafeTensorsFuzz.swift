import UnrollCore

/// The safetensors reader behind `unroll trace --load FILE.safetensors`: `SafeTensors.decode`, then the
/// network built from the tensors for the command line and for the explorer. A network that reads is run
/// forward and back on a short sequence (its weights may be nan or inf: data, not traps), written again, and
/// must read back bit for bit.
enum SafeTensorsFuzz {
    static let target = FuzzTarget(name: "safetensors", summary: "SafeTensors.decode, Network(safeTensors:), forward and back, written and read again") { bytes throws(FuzzProblem) in
        try run(bytes)
    }

    /// Seconds one file may take in a release build.
    static let seconds = 0.5

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        let clock = FuzzClock("safetensors", seconds: seconds)
        do { _ = try SafeTensors.decode(bytes) } catch { try FuzzChecks.message(error.description, "SafeTensors.decode") }
        try clock.check("decoding")
        for use in [SizeLimits.Use.batch, .explorer] {
            let network: Network
            do { network = try Network(safeTensors: bytes, for: use) } catch {
                try FuzzChecks.message(error.description, "Network(safeTensors:)")
                continue
            }
            try clock.check("building the network")
            let config = network.config, length = min(5, config.cell == .attention ? config.maxLength : 5)
            let sequence = SequenceData(inputs: [Float](repeating: 0.5, count: length * config.inputSize),
                                        targets: [Float](repeating: 0, count: length * config.outputSize),
                                        length: length, inputSize: config.inputSize, outputSize: config.outputSize)
            let input = TraceInput(network: network, sequence: sequence, loss: .mseAll)
            let trace = network.forward(sequence, loss: .mseAll, h0: input.h0, c0: input.c0)
            _ = network.backward(trace)
            try clock.check("running the network")
            let again: Network
            do { again = try Network(safeTensors: network.safeTensorsBytes(), for: use) } catch {
                throw FuzzProblem("Network.safeTensorsBytes", "a written file that does not read back", error.description)
            }
            guard again.config == config, again.parameters.map(\.bitPattern) == network.parameters.map(\.bitPattern) else {
                throw FuzzProblem("Network.safeTensorsBytes", "a written file that reads back different")
            }
        }
    }
}
