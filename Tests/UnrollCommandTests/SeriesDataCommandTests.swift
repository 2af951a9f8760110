import Foundation
import Testing
import UnrollTestSupport

/// `--data FILE.csv` as a user tries it: train on a column and see its scaling, resume and stream without
/// the file, compare on it, and a broken file named at its line.
@Suite struct SeriesDataCommandTests {
    /// A seasonal series of 48 rows with a date column first and the values last.
    static func seriesFile(in dir: URL) throws -> String {
        let path = dir.appendingPathComponent("monthly.csv").path
        let rows = (0..<48).map { m in "2000-\(m % 12 + 1),\(100 + 10 * sin(Double(m) * .pi / 6))" }
        try (["month,visitors"] + rows).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func trainShowsTheScalingAndTheCheckpointCarriesTheSeries() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let data = try Self.seriesFile(in: dir), model = dir.appendingPathComponent("run.json").path
        let trained = try CommandRunner.run(["train", "--data", data, "--length", "12", "--hidden", "4", "--steps", "4",
                                             "--batch", "2", "--test-size", "2", "-o", model])
        #expect(trained.status == 0, "\(trained.stderr)")
        let lines = trained.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "data: \(data), column \"visitors\" (48 rows), standardised by the first 36: mean 100, sd 7.071; tested on the last 12")
        #expect(lines.last?.hasPrefix("lstm on series T=12: test mse ") == true)
        #expect(lines.last?.contains("baseline (repeat the last value) ") == true)
        // The file can go: resuming and streaming read the series from the checkpoint.
        let values = (0..<3).map { "\(100 + 10 * sin(Double($0) * .pi / 6))" }.joined(separator: "\n") + "\n"
        try FileManager.default.removeItem(atPath: data)
        let resumed = try CommandRunner.run(["train", "--resume", model, "--steps", "6"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.hasPrefix("data: \(data), column \"visitors\" (48 rows)"))
        let streamed = try CommandRunner.run(["stream", "--load", model, "--plain"], stdin: values)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        // Predictions in the series' own units: near 100, not near 0.
        let predictions = streamed.stdout.split(separator: "\n").compactMap { $0.split(separator: ",").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
        #expect(predictions.count == 3 && predictions.allSatisfy { $0 > 50 && $0 < 150 }, "\(streamed.stdout)")
    }

    @Test func streamReadsAColumnOfAFile() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let data = try Self.seriesFile(in: dir), model = dir.appendingPathComponent("run.json").path
        _ = try CommandRunner.run(["train", "--data", data, "--length", "12", "--hidden", "4", "--steps", "2", "--batch", "2",
                                   "--test-size", "2", "-o", model])
        let streamed = try CommandRunner.run(["stream", "--load", model, "--data", data, "--column", "visitors"])
        #expect(streamed.status == 0, "\(streamed.stderr)")
        #expect(streamed.stdout.split(separator: "\n").count == 48)
        #expect(streamed.stdout.hasPrefix("1, 100.0, "))
        #expect(streamed.stderr.hasPrefix("48 values; one-step-ahead RMSE "))
        let wrong = try CommandRunner.run(["stream", "--load", model, "--data", data, "--column", "3"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "unroll: \(data):1: --column 3 is past the last column: the header has 2 (\"month\", \"visitors\")\n")
    }

    @Test func brokenFilesAndMisusedOptionsGetOneLine() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let broken = dir.appendingPathComponent("broken.csv").path
        try "t,x\n1,2\n2,oops\n".write(toFile: broken, atomically: true, encoding: .utf8)
        let refused = try CommandRunner.run(["train", "--data", broken, "--steps", "2"])
        #expect(refused.status == 2)
        #expect(refused.stderr == "unroll: \(broken):3: column \"x\": \"oops\" is not a number\n")
        let noData = try CommandRunner.run(["train", "--task", "series", "--steps", "2"])
        #expect(noData.status != 0)
        #expect(noData.stderr.contains("--task series forecasts a file of your own: give --data FILE.csv"))
        let data = try Self.seriesFile(in: dir)
        let otherTask = try CommandRunner.run(["train", "--data", data, "--task", "adding", "--steps", "2"])
        #expect(otherTask.stderr.contains("--data is read by the series task, not adding: leave out --task, or give --task series"))
        let tooLong = try CommandRunner.run(["train", "--data", data, "--length", "60", "--steps", "2"])
        #expect(tooLong.stderr.contains("--length 60 is out of range: 1 to 47 for series: \(data) has 48 rows"))
        let columnAlone = try CommandRunner.run(["train", "--column", "x", "--steps", "2"])
        #expect(columnAlone.stderr.contains("--column and --target choose columns of a --data file"))
    }

    @Test func compareRacesTheCellsOnTheSeries() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let data = try Self.seriesFile(in: dir)
        let raced = try CommandRunner.run(["compare", "--data", data, "--cells", "lstm,gru", "--length", "12", "--hidden", "4",
                                           "--steps", "4", "--batch", "2", "--test-size", "2"])
        #expect(raced.status == 0, "\(raced.stderr)")
        #expect(raced.stdout.hasPrefix("data: \(data), column \"visitors\" (48 rows)"))
        #expect(raced.stdout.contains("\nlstm ") && raced.stdout.contains("\ngru "))
    }
}
