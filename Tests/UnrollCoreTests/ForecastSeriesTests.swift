import Foundation
import Testing
@testable import UnrollCore

/// A user's own series as a task: standardised by its training part alone, windows split by time, the
/// repeat-last baseline on the test part, and the series carried in the spec's JSON and a checkpoint.
@Suite struct ForecastSeriesTests {
    /// 1, 2, …, 8 read and forecast; 10, 20, … as another column.
    static let counting = ForecastSeries(file: "count.csv", inputName: "n", targetName: "n",
                                         inputs: (1...8).map(Float.init), targets: (1...8).map(Float.init))

    @Test func theTrainingPartAloneSetsTheScaling() {
        let s = Self.counting
        // The first 6 of 8 rows: mean 3.5, population variance 35/12.
        #expect(s.inputScaling.mean == 3.5)
        #expect(abs(s.inputScaling.scale - (35.0 / 12.0).squareRoot()) < 1e-6)
        #expect(abs(s.inputs[7] - (8 - 3.5) / Float((35.0 / 12.0).squareRoot())) < 1e-6)
        #expect(s.forecastsItsInput)
        #expect(s.summary == "count.csv, column \"n\" (8 rows), standardised by the first 6: mean 3.5, sd 1.708; tested on the last 2")
        let constant = ForecastSeries(file: "c", inputName: "x", targetName: "x", inputs: [Float](repeating: 4, count: 8),
                                      targets: [Float](repeating: 4, count: 8))
        #expect(constant.inputScaling == SeriesScaling(mean: 4, scale: 1))
    }

    @Test func windowsForecastTheNextRowAndSplitByTime() {
        let rows = 40
        let s = ForecastSeries(file: "f", inputName: "x", targetName: "y", inputs: (0..<rows).map(Float.init),
                               targets: (0..<rows).map { Float($0 * 10) })
        #expect(!s.forecastsItsInput)
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let train = s.sample(length: 5, split: .train, generator: &generator)
            let first = Int(s.inputScaling.raw(train.inputs[0]).rounded())
            // Inputs are rows first..<first+5, targets the target column's rows one later.
            for t in 0..<5 {
                #expect(Int(s.inputScaling.raw(train.inputs[t]).rounded()) == first + t)
                #expect(Int(s.targetScaling.raw(train.targets[t]).rounded()) == (first + t + 1) * 10)
            }
            #expect(first + 5 < 30, "a training window's last target lies in the first three quarters")
            let test = s.sample(length: 5, split: .test, generator: &generator)
            #expect(Int(s.inputScaling.raw(test.inputs[0]).rounded()) >= 30)
        }
    }

    @Test func theBaselineRepeatsTheLastValueOverTheTestPart() {
        let s = ForecastSeries(file: "f", inputName: "x", targetName: "x", inputs: [0, 1, 0, 1, 0, 1, 0, 3],
                               targets: [0, 1, 0, 1, 0, 1, 0, 3])
        // Training rows 0..<6: mean 0.5, sd 0.5. Test rows 6 and 7 against rows 5 and 6: (0 − 1)² and (3 − 0)²
        // in raw units, divided by 0.5² when standardised.
        #expect(abs(s.repeatLastError - (1 + 9) / 2 / 0.25) < 1e-5)
        let metric = TaskMetric(task: .series, length: 3, testSet: [], series: s)
        #expect(metric.baseline == s.repeatLastError && metric.baselineDescription == "repeat the last value")
    }

    @Test func theSpecCarriesItsSeriesThroughJSON() throws {
        var spec = ExperimentSpec(length: 5, task: .series, series: Self.counting)
        spec.loss = TaskKind.series.naturalLoss
        let again = try ExperimentSpec(json: spec.json, field: "model", for: .batch)
        #expect(again == spec)
        let twoColumns = ForecastSeries(file: "f.csv", inputName: "a", targetName: "b", inputs: [1, 2, 3, 4, 5, 6, 7, 8],
                                        targets: [8, 7, 6, 5, 4, 3, 2, 1])
        spec.series = twoColumns
        #expect(try ExperimentSpec(json: spec.json, field: "model", for: .batch).series == twoColumns)
        guard case var .object(members) = spec.json else { Issue.record("a spec is an object"); return }
        members.removeAll { $0.0 == "series" }
        #expect(throws: TraceFormatError(field: "model.series", "missing field: the series task carries its series")) {
            try ExperimentSpec(json: .object(members), field: "model", for: .batch)
        }
        spec.length = 8
        #expect(spec.lengthProblem?.message(for: "length") == "length 8 is out of range: 1 to 7 for series: f.csv has 8 rows")
    }

    @Test func theSeriesTaskWithoutASeriesIsRefused() {
        var target = OptionTarget()
        let problems = ModelOption.apply([GivenOption("task", "series")], to: &target, source: .commandLine, for: .batch)
        #expect(problems.map(\.message) == ["--task series forecasts a file of your own: give --data FILE.csv (a header row, then a row of values per step)"])
        var withSeries = OptionTarget(spec: ExperimentSpec(series: Self.counting))
        #expect(ModelOption.apply([GivenOption("task", "series"), GivenOption("length", "7")], to: &withSeries, source: .commandLine,
                                  for: .batch).isEmpty)
        #expect(withSeries.spec.task == .series && withSeries.spec.loss == .mseAll)
    }

    @Test func aCheckpointTrainsOnWithoutTheFile() throws {
        var spec = ExperimentSpec(cell: .gru, hidden: 4, length: 5, task: .series, series: Self.counting)
        spec.loss = TaskKind.series.naturalLoss
        var trainer = Trainer(config: TrainingConfig(spec: spec, batchSize: 4, steps: 4, evaluateEvery: 2, testSize: 4))
        for _ in 0..<2 { trainer.trainStep() }
        let bytes = Array(Checkpoint.encode(trainer).serialized().utf8)
        var resumed = try Checkpoint.read(bytes, for: .batch)
        #expect(resumed.config.spec.series == Self.counting)
        #expect(resumed.testSet == trainer.testSet)
        #expect(resumed.metric.baseline == trainer.metric.baseline)
        #expect(resumed.trainStep()?.loss == trainer.trainStep()?.loss)
    }

    @Test func filesTooLongOrTooShortAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("forecast-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let short = dir.appendingPathComponent("short.csv").path, long = dir.appendingPathComponent("long.csv").path
        try "t,x\n1,2\n2,3\n3,4\n".write(toFile: short, atomically: true, encoding: .utf8)
        try ("x\n" + String(repeating: "1\n", count: ForecastSeries.rowLimit + 1)).write(toFile: long, atomically: true, encoding: .utf8)
        #expect(throws: SeriesFileError(file: short, line: nil, reason: "has 3 rows of values; a series needs at least 8, three quarters to train on and a quarter to test")) {
            try ForecastSeries.read(path: short, column: .last)
        }
        #expect(throws: SeriesFileError(file: long, line: nil, reason: "has 100001 rows of values; a series trains on at most 100000 (keep the latest: tail -n 100000)")) {
            try ForecastSeries.read(path: long, column: .last)
        }
        let enough = dir.appendingPathComponent("enough.csv").path
        try ("t,x\n" + (1...8).map { "\($0),\($0 * 2)" }.joined(separator: "\n"))
            .write(toFile: enough, atomically: true, encoding: .utf8)
        let read = try ForecastSeries.read(path: enough, column: .last)
        #expect(read.inputName == "x" && read.rawInputs == [2, 4, 6, 8, 10, 12, 14, 16] && read.file == enough)
    }
}
