import ArgumentParser
import UnrollCore
import UnrollExplorer

/// The options that shape the explorer rather than the model: shared by `play` and `snapshot`.
struct ExplorerOptions: ParsableArguments {
    @Flag(help: "Seven-bit ASCII only, whatever the locale.")
    var ascii = false

    @Flag(name: ClippingOption.name, help: ClippingOption.help)
    var clip = false

    @Option(name: ClipThresholdOption.name, parsing: .unconditional, help: ClipThresholdOption.help)
    var clipThreshold: OptionText<ClipThresholdOption> = "1.0"

    @Option(help: "Open the trained model saved in this checkpoint (from unroll train -o).")
    var load: String?

    func validate() throws {
        var target = OptionTarget()
        try ModelOption.applyCommandLine(given, to: &target, for: .explorer)
    }

    /// The explorer's rows of the table as given.
    private var given: [GivenOption] {
        [clipThreshold.given] + (clip ? [ClippingOption.switchedOn] : [])
    }

    /// The clipping and its threshold as `validate` read them.
    private var explorerTarget: OptionTarget {
        var target = OptionTarget()
        _ = ModelOption.apply(given, to: &target, source: .commandLine, for: .explorer)
        return target
    }

    /// The explorer's opening state on `model`'s experiment, or on the checkpoint given with --load (its
    /// weights on a test example of its task).
    func initialState(_ model: ModelOptions) -> ExplorerState {
        let options = explorerTarget
        guard let path = load else {
            return ExplorerState(spec: model.spec, clipThreshold: options.clipThreshold, clipping: options.clipping)
        }
        let trainer = loadDocument(path, limits: .checkpointFile) { bytes throws(DocumentProblem) in try Checkpoint.read(bytes, for: .explorer) }
        return ExplorerState(spec: trainer.config.spec, network: trainer.network, sequence: trainer.testSet.first,
                             clipThreshold: options.clipThreshold, clipping: options.clipping)
    }
}
