import ArgumentParser
import UnrollCore

/// `unroll export`: a trained model's weights as a safetensors file under PyTorch's state_dict names.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a model's weights as safetensors, under PyTorch's state_dict names.",
        discussion: """
        The file holds weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 (and the _l0_reverse ones of a \
        bidirectional net) as nn.RNN, nn.LSTM and nn.GRU name them, the readout as readout.weight and \
        readout.bias (an nn.Linear), and the model's configuration (and a checkpoint's task) in its metadata. unroll trace --load reads \
        such a file back, one written by PyTorch's safetensors.torch.save_file as well.
        """
    )

    @Argument(help: "A checkpoint (unroll train -o) or a trace (unroll trace -o).")
    var file: String

    @Option(name: .shortAndLong, help: "The safetensors file to write (atomically).")
    var output: String

    func run() throws {
        let (network, task, _) = ModelFile.load(file, safeTensors: false)
        removeOnSignal(TextFile.temporaryPath(for: output))
        do throws(TextFile.Failure) { try TextFile.writeAtomically(bytes: network.safeTensorsBytes(task: task), to: output) } catch {
            CommandFailure(message: error.description, status: 1).exit()
        }
        let config = network.config
        FileHandleOutput.standardError("wrote \(output): \(network.layout.entries.count) tensors, \(network.layout.count) floats "
            + "(\(config.bidirectional ? "bidirectional " : "")\(config.cell.rawValue), H = \(config.hiddenSize))")
    }
}
