import ArgumentParser
import UnrollExplorer

/// `unroll snapshot`: the explorer's screen after some keys, as text on stdout, with no terminal.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Render the explorer's screen as text after a list of keys (for docs, bug reports, tests)."
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "Keys to press first, space separated: Right Left Home End Space Tab b c k r g s ? …")
    var keys: String = ""

    @Option(help: "Open this lesson (number, id or path) first.")
    var lesson: String?

    @Option(name: TrainStepsNumber.name, parsing: .unconditional,
            help: "Updates each training run started by the keys makes before the screen is drawn.")
    var trainSteps: NumberText<TrainStepsNumber> = "200"

    @Option(parsing: .unconditional, help: "Screen size, WIDTHxHEIGHT.")
    var size: String = "80x24"

    @OptionGroup var explorer: ExplorerOptions

    func validate() throws {
        _ = try trainSteps.value()
        if explorer.load == nil && lesson == nil { try model.validateForExplorer() } else { _ = try model.target(for: .explorer) }
        guard parsedSize != nil else { throw ValidationError("--size must be WIDTHxHEIGHT, for example 100x30") }
    }

    var parsedSize: (Int, Int)? {
        let parts = size.split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), (1...1000).contains(w), (1...1000).contains(h) else { return nil }
        return (w, h)
    }

    func run() throws {
        let keyList: [Key]
        do { keyList = try KeyScript.keys(keys) } catch { throw ValidationError(error.description) }
        let start = lesson.map { ExplorerState(lesson: findLesson($0)) } ?? explorer.initialState(model)
        let state = KeyScript.run(keyList, from: start, trainingSteps: trainSteps.whole)
        let (w, h) = parsedSize!
        let canvas = KeyScript.render(state, width: w, height: h, theme: explorer.ascii ? .plainASCII : .plainUnicode)
        FileHandleOutput.standardOutput(canvas.text + "\n")
    }
}
