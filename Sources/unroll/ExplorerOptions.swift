import ArgumentParser
import UnrollExplorer

/// The options that shape the explorer rather than the model: shared by `play` and `snapshot`.
struct ExplorerOptions: ParsableArguments {
    @Flag(help: "Seven-bit ASCII only, whatever the locale.")
    var ascii = false

    @Flag(help: "Start with gradient clipping on.")
    var clip = false

    @Option(help: "Clipping threshold (global norm).")
    var clipThreshold: Float = 1

    func validate() throws {
        guard clipThreshold.isFinite, clipThreshold > 0 else { throw ValidationError("--clip-threshold must be a positive number") }
    }

    /// The explorer's opening state on `model`'s experiment.
    func initialState(_ model: ModelOptions) -> ExplorerState {
        ExplorerState(spec: model.spec, clipThreshold: clipThreshold, clipping: clip)
    }
}
