import ArgumentParser
import UnrollCore

/// `unroll trace`: run a network forward and back, and write everything as an `unroll-trace/1` document.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Write the unroll-trace/1 JSON of a forward pass and backpropagation through time.",
        discussion: """
        With --load, the parameters, initial states, inputs and targets come from a trace file (for example \
        weights exported from PyTorch) and the model options are ignored.
        """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "Read params, h0/c0, inputs and targets from this trace file.")
    var load: String?

    @Option(name: .shortAndLong, help: "Write the trace here (atomically) instead of to standard output.")
    var output: String?

    @Flag(help: "Include the triangle of Jacobian norms ‖∂h_t/∂h_k‖ (costs O(T²·H³)).")
    var jacobians = false

    func validate() throws {
        if load == nil { try model.validateForBatch() }
    }

    func run() throws {
        let input: TraceInput
        if let path = load {
            input = loadDocument(path, limits: .traceFile(for: .batch)) { bytes throws(DocumentProblem) in try readTraceInput(bytes, for: .batch) }
        } else {
            let (network, sequence) = model.build()
            let config = network.config, d = config.directionCount * config.hiddenSize
            let carried = config.directionCount * max(config.carriedWidth, config.hiddenSize)
            input = TraceInput(network: network, h0: [Float](repeating: 0, count: d), c0: [Float](repeating: 0, count: carried),
                               sequence: sequence, loss: model.spec.loss)
        }
        let network = input.network
        let trace = network.forward(input.sequence, loss: input.loss, h0: input.h0, c0: input.c0)
        let gradient = network.backward(trace)
        let document = encodeTrace(network: network, h0: input.h0, c0: input.c0, trace: trace, gradient: gradient,
                                   analysis: TraceAnalysisOptions(jacobianNorms: jacobians))
        let text = document.serialized() + "\n"
        if let path = output {
            removeOnSignal(TextFile.temporaryPath(for: path))
            do { try TextFile.writeAtomically(text, to: path) } catch { CommandFailure(message: error.description, status: 1).exit() }
        } else {
            FileHandleOutput.standardOutput(text)
        }
    }
}
