import Testing
@testable import UnrollCore

@Suite struct TrainingTests {
    static func config(_ cell: CellKind = .lstm, task: TaskKind = .adding, length: Int = 10, steps: Int = 40, every: Int = 10) -> TrainingConfig {
        TrainingConfig(spec: ExperimentSpec(cell: cell, hidden: 8, length: length, task: task, seed: 3, loss: task.naturalLoss),
                       batchSize: 8, steps: steps, evaluateEvery: every, testSize: 16)
    }

    @Test func theSameConfigurationGivesTheSameRun() {
        var a = Trainer(config: Self.config()), b = Trainer(config: Self.config())
        while a.trainStep() != nil {}
        while b.trainStep() != nil {}
        #expect(a.history == b.history && a.network == b.network)
        #expect(a.status == .finished && a.step == 40)
        #expect(a.history.filter { $0.testMetric != nil }.map(\.step) == [10, 20, 30, 40])
    }

    @Test func aResumedRunContinuesExactly() throws {
        var straight = Trainer(config: Self.config(.gru, steps: 30, every: 5))
        while straight.trainStep() != nil {}
        var first = Trainer(config: Self.config(.gru, steps: 15, every: 5))
        while first.trainStep() != nil {}
        let saved = Checkpoint.encode(first).serialized()
        var resumed = try Checkpoint.decode(try JSONParser.parse(saved), for: .batch).continuing(until: 30)
        #expect(resumed.step == 15 && resumed.status == .running)
        while resumed.trainStep() != nil {}
        #expect(resumed.network.parameters == straight.network.parameters)
        #expect(resumed.history == straight.history)
        #expect(resumed.optimizer.stepCount == 30)
    }

    @Test func anExplodingRunStopsAndSaysSo() {
        var config = Self.config(.rnnRelu, task: .random, steps: 200)
        config.optimizer = .sgd(lr: 50, momentum: 0.9)
        config.clipping = .none
        config.spec.initOptions.rescale = .spectralRadius(1.5)
        var trainer = Trainer(config: config)
        while trainer.trainStep() != nil {}
        guard case let .exploded(why) = trainer.status else {
            Issue.record("the run did not stop: \(trainer.status)")
            return
        }
        #expect(why.contains("at step") || why.contains("grew from"))
        #expect(trainer.step < 200)
    }

    @Test func anLSTMLearnsTheAddingProblem() {
        var config = Self.config(.lstm, length: 10, steps: 500)
        config.batchSize = 32
        config.spec.hidden = 16
        config.optimizer = .adam(lr: 1e-2)
        var trainer = Trainer(config: config)
        while trainer.trainStep() != nil {}
        let final = trainer.evaluate()
        #expect(final < 0.5 * trainer.metric.baseline, "test mse \(final) vs baseline \(trainer.metric.baseline)")
    }

    @Test func clippingIsRecorded() {
        var config = Self.config(.rnnTanh, task: .random, steps: 5)
        config.clipping = .norm(1e-4)
        var trainer = Trainer(config: config)
        let record = trainer.trainStep()!
        #expect(record.clipped && abs(record.clippedGradientNorm - 1e-4) < 1e-6 && record.gradientNorm > 1e-4)
    }

    @Test func shippedDataAndBaselines() {
        #expect(Datasets.sunspots.count == 309 && Datasets.sunspots[0] == 5 && Datasets.sunspots[1] == 11)
        #expect(Datasets.genesis.hasPrefix("In the beginning God created the heaven and the earth."))
        #expect(Datasets.genesis.utf8.count > 40_000)
        let vocabulary = CharacterVocabulary.genesis
        #expect(vocabulary.size > 40 && vocabulary.size < 70)
        #expect(vocabulary.unigramEntropy > 2.5 && vocabulary.unigramEntropy < 3.5)  // nats per character
        let copy = TaskMetric(task: .copy, length: 30, testSet: [])
        #expect(abs(copy.baseline - 10 * 2.0794415 / 50) < 1e-6)
        var g = SeededGenerator(seed: 1)
        let windows = (0..<20).map { _ in TaskKind.sunspots.sample(length: 30, split: .test, generator: &g) }
        let sunspots = TaskMetric(task: .sunspots, length: 30, testSet: windows)
        var sum: Float = 0
        for w in windows { for t in 0..<30 { sum += (w.targets[t] - w.inputs[t]) * (w.targets[t] - w.inputs[t]) } }
        #expect(abs(sunspots.baseline - sum / 600) < 1e-5 && sunspots.baseline > 0)
    }

    @Test func copyMemorySequencesHaveTheirShape() {
        var g = SeededGenerator(seed: 4)
        let s = TaskKind.copy.sample(length: 15, generator: &g)
        #expect(s.length == 35 && s.inputSize == 10 && s.outputSize == 10)
        func cls(_ row: ArraySlice<Float>) -> Int { row.firstIndex(of: 1)! - row.startIndex }
        let input = (0..<35).map { cls(s.input(at: $0)) }, target = (0..<35).map { cls(s.target(at: $0)) }
        #expect(input[0..<10].allSatisfy { (1...8).contains($0) })
        #expect(input[24] == 9 && input[10..<24].allSatisfy { $0 == 0 } && input[25...].allSatisfy { $0 == 0 })
        #expect(Array(target[25...]) == Array(input[0..<10]) && target[0..<25].allSatisfy { $0 == 0 })
    }

    @Test func textWindowsAndSampling() {
        var g = SeededGenerator(seed: 5)
        let vocabulary = CharacterVocabulary.genesis
        let s = vocabulary.sample(length: 12, split: .train, generator: &g)
        for t in 0..<11 { #expect(s.target(at: t) == s.input(at: t + 1)) }
        let network = ExperimentSpec(cell: .gru, hidden: 8, task: .text).makeNetwork()
        let text = vocabulary.generate(network, prompt: "And", count: 30, generator: &g)
        #expect(text.count == 30 && text.allSatisfy { vocabulary.characters.contains($0) })
    }
}

@Suite struct BatchedKernelTests {
    /// The batched forward and BPTT give the same loss, gradient and profile as one sequence at a time
    /// (every cell with a batched path: the selective cell goes sequence by sequence).
    @Test(arguments: CellKind.recurrentCells.filter { !$0.hasSelectiveState })
    func batchedGradientsEqualSequenceBySequence(_ cell: CellKind) {
        var g = SeededGenerator(seed: 31)
        for (task, loss, hidden, readout) in [(TaskKind.random, LossKind.mseAll, 5, ReadoutKind.linear), (.adding, .mseLast, 17, .linear),
                                              (.copy, .crossEntropyAll, 8, .linear), (.copy, .crossEntropyAll, 6, .mlp),
                                              (.random, .mseAll, 9, .mlp)] {
            let config = NetworkConfig(cell: cell, inputSize: task.inputSize ?? 3, hiddenSize: hidden, outputSize: task.outputSize,
                                       readout: readout)
            let network = Network(config: config, init: InitOptions(), generator: &g)
            let batch = (0..<7).map { _ in task.sample(length: task == .copy ? 3 : 9, inputSize: 3, outputSize: task.outputSize, generator: &g) }
            let batched = network.batchedGradient(batch, loss: loss)
            let reference = network.sequenceBySequenceGradient(batch, loss: loss)
            #expect(abs(batched.loss - reference.loss) <= 1e-5 * max(1, abs(reference.loss)), "\(cell) \(task) \(readout) loss")
            let scale = reference.gradient.map { abs($0) }.max() ?? 1
            for k in reference.gradient.indices {
                #expect(abs(batched.gradient[k] - reference.gradient[k]) <= 1e-5 * max(scale, 1), "\(cell) \(task) \(readout) ∂θ[\(k)]")
            }
            for t in reference.hiddenGradientNorms.indices {
                #expect(abs(batched.hiddenGradientNorms[t] - reference.hiddenGradientNorms[t]) <= 1e-5 * max(1, reference.hiddenGradientNorms[t]))
            }
        }
    }
}
