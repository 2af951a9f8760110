import ArgumentParser
import UnrollCore
import UnrollExplorer

/// The options that shape the explorer rather than the model: shared by `play` and `snapshot`.
struct ExplorerOptions: ParsableArguments {
    @Flag(help: "Seven-bit ASCII only, whatever the locale.")
    var ascii = false

    @Flag(help: "Start with gradient clipping on.")
    var clip = false

    @Option(help: "Clipping threshold (global norm).")
    var clipThreshold: Float = 1

    @Option(help: "Open the trained model saved in this checkpoint (from unroll train -o).")
    var load: String?

    func validate() throws {
        guard clipThreshold.isFinite, clipThreshold > 0 else { throw ValidationError("--clip-threshold must be a positive number") }
    }

    /// The explorer's opening state on `model`'s experiment, or on the checkpoint given with --load (its
    /// weights on a test example of its task).
    func initialState(_ model: ModelOptions) -> ExplorerState {
        guard let path = load else { return ExplorerState(spec: model.spec, clipThreshold: clipThreshold, clipping: clip) }
        let trainer = loadDocument(path, limits: .checkpointFile) { bytes throws(DocumentProblem) in try Checkpoint.read(bytes, for: .explorer) }
        return ExplorerState(spec: trainer.config.spec, network: trainer.network, sequence: trainer.testSet.first,
                             clipThreshold: clipThreshold, clipping: clip)
    }
}
