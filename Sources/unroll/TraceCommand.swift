import ArgumentParser
import UnrollCore

/// `unroll trace`: run a network forward and back, and write everything as an `unroll-trace/1` document.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Write the unroll-trace/1 JSON of a forward pass and backpropagation through time.",
        discussion: """
        With --load, the parameters, initial states, inputs and targets come from a trace file (for example \
        weights exported from PyTorch) and the model options are ignored. A --load file ending in \
        .safetensors gives the weights alone (unroll export's, or PyTorch's save_file of an nn.RNN, nn.LSTM \
        or nn.GRU state_dict with readout.weight and readout.bias added); the sequence then comes from the \
        task options, whose inputs and outputs must fit the model's.
        """
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "Read params, h0/c0, inputs and targets from this trace file, or the weights from a .safetensors file.")
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
        if let path = load, path.hasSuffix(".safetensors") {
            input = safeTensorsInput(path)
        } else if let path = load {
            input = loadDocument(path, limits: .traceFile(for: .batch)) { bytes throws(DocumentProblem) in try readTraceInput(bytes, for: .batch) }
        } else {
            let (network, sequence) = model.build()
            input = TraceInput(network: network, sequence: sequence, loss: model.spec.loss)
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

extension TraceCommand {
    /// The weights in the safetensors file at `path`, on the task options' sequence, from zero states.
    func safeTensorsInput(_ path: String) -> TraceInput {
        let network = ModelFile.load(path).network
        let config = network.config, sequence = model.build().1
        guard sequence.inputSize == config.inputSize, sequence.outputSize == config.outputSize else {
            CommandFailure(message: "\(path): the model reads \(config.inputSize) inputs and gives \(config.outputSize) outputs a step; "
                + "the task \(model.spec.task.rawValue) has \(sequence.inputSize) and \(sequence.outputSize) (choose another --task)", status: 2).exit()
        }
        if config.cell == .attention, sequence.length > config.maxLength {
            CommandFailure(message: "\(path): \(sequence.length) steps, but the layer has positions for \(config.maxLength)", status: 2).exit()
        }
        if let problem = config.sizeProblem(length: sequence.length, for: .batch) { CommandFailure(message: "\(path): \(problem)", status: 2).exit() }
        return TraceInput(network: network, sequence: sequence, loss: model.spec.loss)
    }
}
