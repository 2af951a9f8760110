import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct TrainingScreenTests {
    static let spec = ExperimentSpec(cell: .lstm, hidden: 6, length: 8, task: .adding)

    @Test func tStartsTrainingTheCurrentModel() {
        var state = ExplorerState(spec: Self.spec)
        let effects = update(&state, KeyBindings.action(for: .character("t"), in: state, randomSeed: 0)!)
        #expect(effects == [.train([Self.spec.explorerTraining])])
        #expect(state.screen == .training && state.training?.runs.count == 1)
        // Pressing t again from the explorer while it runs does not start a second run.
        _ = update(&state, .show(.main))
        #expect(update(&state, .startTraining(race: false)).isEmpty && state.screen == .training)
        #expect(update(&state, .toggleTrainingPause) == [.pauseTraining(true)])
        #expect(update(&state, .toggleTrainingPause) == [.pauseTraining(false)])
    }

    @Test func theScreenShowsWhatTheTrainerRecorded() throws {
        let state = KeyScript.run(try KeyScript.keys("t"), from: ExplorerState(spec: Self.spec), trainingSteps: 50)
        let run = try #require(state.training?.runs.first)
        #expect(run.records.count == 50 && run.records.last?.step == 50)
        var trainer = Trainer(config: Self.spec.explorerTraining)
        for _ in 0..<50 { trainer.trainStep() }
        #expect(run.network == trainer.network)
        let metric = try #require(trainer.lastTestMetric)
        let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        #expect(canvas.text.contains("lstm 50 mse \(NumberFormat.compact(metric))"))
        #expect(canvas.text.contains("baseline \(NumberFormat.compact(1.0 / 6.0))"))
        #expect(canvas.text.contains("‖∂L/∂hₜ‖ at step 50"))
        if trainer.history.contains(where: \.clipped) { #expect(canvas.text.contains("×")) }
        let ascii = KeyScript.render(state, width: 80, height: 24, theme: .plainASCII)
        let allASCII = ascii.lines.joined().unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII)
    }

    @Test func raceRunsFourCellsOnTheSameData() throws {
        let state = KeyScript.run(try KeyScript.keys("R"), from: ExplorerState(spec: Self.spec), trainingSteps: 5)
        let runs = try #require(state.training?.runs)
        #expect(runs.map(\.config.spec.cell) == [.rnnTanh, .lstm, .gru, .ssm])
        #expect(Set(runs.map { $0.testExample.inputs }).count == 1)
        let canvas = KeyScript.render(state, width: 100, height: 30, theme: .plainUnicode)
        for cell in ["rnn_tanh    5", "lstm        5", "gru         5", "ssm         5"] { #expect(canvas.text.contains(cell)) }
    }

    @Test func enterStepsThroughATestExampleWithTheTrainedWeights() throws {
        let state = KeyScript.run(try KeyScript.keys("t Enter End"), from: ExplorerState(spec: Self.spec), trainingSteps: 30)
        let run = try #require(state.training?.runs.first)
        #expect(state.screen == .main && state.cursor == 8)
        #expect(state.model.network == run.network)
        #expect(state.model.trace.sequence == run.testExample)
        // Changing the seed leaves the trained weights for the seed's own.
        var changed = state
        _ = update(&changed, .reseed(99))
        #expect(changed.model.network != run.network)
    }

    @Test func anExplodedRunIsShownInWords() throws {
        var state = ExplorerState(spec: Self.spec)
        _ = update(&state, .startTraining(race: false))
        let network = state.training!.runs[0].network
        let record = TrainingRecord(step: 1, loss: .nan, gradientNorm: .infinity, clippedGradientNorm: .infinity, clipped: false)
        _ = update(&state, .trainingProgress([TrainingProgress(run: 0, records: [record], status: .exploded("the loss became nan at step 1"),
                                                                network: network, stepsPerSecond: 10)]))
        let canvas = KeyScript.render(state, width: 80, height: 24, theme: .plainUnicode)
        #expect(canvas.text.contains("exploded") && canvas.text.contains("the loss became nan at step 1"))
        #expect(state.training?.active == false)
    }

    /// A race's summary is one labelled row per run with that run's own best and clipped share, and the plots
    /// that show only the chosen run (the first, until Tab) name it; its training loss is left out of the shared metric plot.
    @Test func aRaceSummarisesEveryRunOnItsOwnRow() throws {
        let state = KeyScript.run(try KeyScript.keys("R"), from: ExplorerState(spec: Self.spec), trainingSteps: 60)
        let runs = try #require(state.training?.runs)
        let canvas = KeyScript.render(state, width: 100, height: 30, theme: .plainUnicode)
        // Columns as wide as their widest entry: the cell names, 4 for the updates up to 3000, 5 for the metric,
        // 4 or more for the shares.
        func share(_ run: TrainingRun) throws -> String {
            NumberFormat.fixed(100 * (try #require(run.records.compactMap(\.testMetric).min())) / (1.0 / 6.0), decimals: 0) + "%"
        }
        let bestWidth = max(4, try runs.map { try share($0).count }.max() ?? 0)
        #expect(canvas.text.contains("cell     step   mse " + String(repeating: " ", count: bestWidth - 4) + "best clip"))
        var rows: [String] = []
        for run in runs {
            let share = try share(run)
            let clipped = NumberFormat.fixed(100 * Float(run.records.filter(\.clipped).count) / Float(run.records.count), decimals: 0) + "%"
            let metric = NumberFormat.compact(try #require(run.lastTestMetric))
            let cell = run.config.spec.cell.rawValue
            let row = cell + String(repeating: " ", count: 9 - cell.count) + "  60 " + String(repeating: " ", count: max(0, 5 - metric.count)) + metric
                + " " + String(repeating: " ", count: max(0, bestWidth - share.count)) + share + " " + String(repeating: " ", count: max(0, 4 - clipped.count)) + clipped
            #expect(canvas.text.contains(row), "no row '\(row)' for \(cell)")
            rows.append(row)
        }
        #expect(Set(rows.map { $0.dropFirst(9) }).count > 1, "every run shows the same numbers: \(rows)")
        #expect(canvas.text.contains("best: lowest test mse, % of baseline"))
        #expect(canvas.text.contains("‖∂L/∂θ‖ log, ● rnn_tanh, × clipped"))
        // The single run's lines, which would speak for the first run alone, are not drawn in a race.
        #expect(!canvas.text.contains("of updates") && !canvas.text.contains("= "))
        let ascii = KeyScript.render(state, width: 100, height: 30, theme: .plainASCII)
        #expect(ascii.lines.joined().unicodeScalars.allSatisfy { $0.isASCII })
    }
}
