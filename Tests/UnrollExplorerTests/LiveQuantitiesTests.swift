import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct LiveQuantitiesTests {
    static func value(_ text: String, _ state: ExplorerState) throws -> Double? {
        let condition = try ConditionParser.parse(text)
        guard case let .number(x) = LiveQuantities.evaluate(condition, in: state) else { return nil }
        return x
    }

    /// One layer at H = 64 over 200 tokens, counted by hand: Q, K, V and O are four 64×64 products per token
    /// (4·200·4096 = 3 276 800), scores and mix 2·200²·64 = 5 120 000, the feed-forward 64→256→64 per token
    /// 2·200·64·256 = 6 553 600.
    @Test func transformerOpsAgainstAHandCount() throws {
        let state = ExplorerState(spec: ExperimentSpec(cell: .lstm, hidden: 64, length: 200, task: .random))
        #expect(try Self.value("transformer_ops(200)", state) == 3_276_800 + 5_120_000 + 6_553_600)
        #expect(try Self.value("attention_ops(200)", state) == 5_120_000)
        // The 200th token with 199 earlier keys and values cached (and its own): 12·64² + 2·200·64.
        #expect(try Self.value("transformer_token_ops(200)", state) == 49_152 + 25_600)
        // The LSTM's step: 4 gates of 64 × (64 + 1) per token.
        #expect(try Self.value("rnn_ops(1)", state) == 4 * 64 * 65)
        let small = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 2, length: 5))
        let handCount: Double = 48 + 36 + 96  // 4·3·2², 2·3²·2, 8·3·2²
        #expect(try Self.value("transformer_ops(3)", small) == handCount)
    }

    /// best_test_metric is the lowest test metric of the run, which a later evaluation may have left.
    @Test func bestTestMetricIsTheLowestNotTheLast() throws {
        var state = ExplorerState(spec: ExperimentSpec(cell: .gru, hidden: 4, length: 10, task: .sunspots))
        #expect(try Self.value("best_test_metric", state)?.isNaN == true)
        #expect(try Self.value("sample_step", state) == 0)
        _ = update(&state, .startTraining(race: false))
        let network = state.training!.runs[0].network
        let records = [(10, 0.5), (20, 0.24), (30, 0.35)].map { step, metric in
            var record = TrainingRecord(step: step, loss: 0.3, gradientNorm: 1, clippedGradientNorm: 1, clipped: false)
            record.testMetric = Float(metric)
            return record
        }
        _ = update(&state, .trainingProgress([TrainingProgress(run: 0, records: records, status: .running, network: network, stepsPerSecond: 1)]))
        #expect(LiveQuantities.holds(try ConditionParser.parse("abs(best_test_metric - 0.24) < 1e-6 and abs(test_metric - 0.35) < 1e-6"), in: state))
    }

    @Test func sampleStepIsTheUpdateThatWroteTheText() throws {
        let state = KeyScript.run(try KeyScript.keys("t"), from: ExplorerState(spec: TextSampleTests.spec), trainingSteps: 40)
        #expect(try Self.value("sample_step", state) == 40)
    }
}
