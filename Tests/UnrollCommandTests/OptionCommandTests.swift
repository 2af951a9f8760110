import Foundation
import Testing
import UnrollTestSupport
import UnrollCore

/// The command line's options are the option table's: every row is declared, its bounds and messages are the
/// table's, negative numbers are values, and an option that means nothing for the model is refused.
@Suite struct OptionCommandTests {
    /// The rows each command takes.
    static let commands: [(command: String, rows: [ModelOption])] = [
        ("play", ModelOption.all.filter { $0.taken(for: .explorer) }),
        ("snapshot", ModelOption.all.filter { $0.taken(for: .explorer) }),
        ("trace", ModelOption.modelOptions),
        ("train", ModelOption.all.filter { $0.taken(for: .batch) }),
        ("compare", ModelOption.all.filter { $0.taken(for: .batch) }),
    ]

    /// A row without its declaration in a command (or with another's help) fails here.
    @Test func everyRowIsInEachCommandsHelpWithItsHelp() throws {
        for (command, rows) in Self.commands {
            let help = try CommandRunner.run([command, "--help"]).stdout
            let words = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            for row in rows {
                guard let flag = row.flag else { continue }
                #expect(words.contains("--\(flag) "), "\(command) --help lacks --\(flag)")
                let opening = row.help.split(separator: " ").prefix(5).joined(separator: " ")
                #expect(words.contains(opening), "\(command) --help: --\(flag) without its help '\(opening)'")
            }
        }
        // Lessons take every model option too.
        for row in ModelOption.modelOptions { #expect(row.inLessons, "\(row.key)") }
    }

    /// The value just outside each bound, and a negative one, get the table's message: the command line reads
    /// through the table (and takes `-1` as a value, where it said "Missing value").
    @Test func outOfRangeValuesGetTheTablesMessage() throws {
        var checked = 0
        for row in ModelOption.all {
            guard let flag = row.flag else { continue }
            let command = ModelOption.trainingOptions.contains { $0.key == row.key } ? "train" : row.key == "clip_threshold" ? "snapshot" : "trace"
            let use: SizeLimits.Use = command == "snapshot" ? .explorer : .batch
            var texts: [String] = []
            switch row.kind {
            case let .whole(bounds): texts = ["-1", String(bounds(use).upperBound + 1)]
            case let .number(range): texts = ["-1e30", String(range.upperBound.nextUp)]
            case .seed: texts = ["-1"]
            case .word, .flag: continue
            }
            for text in texts {
                guard case let .failure(problem) = row.read(text, for: use) else { Issue.record("\(flag) \(text) accepted"); continue }
                let result = try CommandRunner.run([command, "--\(flag)", text])
                #expect(result.status == 2, "--\(flag) \(text): status \(result.status)")
                #expect(result.stderr.hasPrefix("Error: " + problem.message(for: "--" + flag) + "\n"), "--\(flag) \(text): \(result.stderr)")
                #expect(!result.stderr.contains("Missing value"))
                checked += 1
            }
        }
        #expect(checked >= 30)
    }

    /// `--forget-bias -3` (a separate word) is the bias -3, as `--forget-bias=-3` always was.
    @Test func negativeNumbersAreValues() throws {
        let spaced = try CommandRunner.run(["trace", "--cell", "lstm", "--hidden", "2", "--length", "3", "--forget-bias", "-3"])
        let joined = try CommandRunner.run(["trace", "--cell", "lstm", "--hidden", "2", "--length", "3", "--forget-bias=-3"])
        #expect(spaced.status == 0, "\(spaced.stderr)")
        #expect(spaced.stdout == joined.stdout)
        let trace = try #require(try JSONSerialization.jsonObject(with: Data(spaced.stdout.utf8)) as? [String: Any])
        let params = try #require(trace["params"] as? [String: Any])
        let bias = try #require(params["bias_ih"] as? [Double])
        #expect(bias.count == 8 && bias[2] == -3 && bias[3] == -3, "\(bias)")
        let plain = try CommandRunner.run(["trace", "--cell", "lstm", "--hidden", "2", "--length", "3"])
        #expect(plain.stdout != spaced.stdout)
    }

    @Test func anOptionThatDoesNotApplyIsRefusedNamingWhatItAppliesTo() throws {
        let cases: [([String], String)] = [
            (["trace", "--cell", "rnn_tanh", "--forget-bias", "2"], "--forget-bias applies to lstm, gru and mingru, not rnn_tanh"),
            (["play", "--cell", "ssm", "--forget-bias", "1"], "--forget-bias applies to lstm, gru and mingru, not ssm"),
            (["trace", "--task", "copy", "--input-size", "4"], "--input-size applies to random, not copy"),
            (["train", "--optimizer", "adam", "--momentum", "0.5"], "--momentum applies to sgd, not adam"),
            (["trace", "--radius", "0.9", "--sigma-max", "0.9"], "give --radius or --sigma-max, not both"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2 && result.stderr.hasPrefix("Error: " + message + "\n"), "\(arguments): \(result.stderr)")
        }
        let gru = try CommandRunner.run(["trace", "--cell", "gru", "--hidden", "2", "--length", "3", "--forget-bias", "1"])
        #expect(gru.status == 0, "\(gru.stderr)")
    }

    /// compare trains several cells: an option for some of them (the forget bias) is applied to those it means
    /// something for, the run says which train without it, and it is refused when it means nothing for any.
    @Test func compareAppliesACellRestrictedOptionCellByCell() throws {
        let small = ["compare", "--steps", "2", "--eval-every", "1", "--test-size", "2", "--batch", "2", "--hidden", "2", "--length", "3", "--json"]
        let none = try CommandRunner.run(small + ["--cells", "rnn_tanh,ssm", "--forget-bias", "1"])
        #expect(none.status == 2 && none.stderr.hasPrefix("Error: --forget-bias applies to lstm, gru and mingru, not rnn_tanh or ssm\n"), "\(none.stderr)")
        let some = try CommandRunner.run(small + ["--cells", "rnn_tanh,lstm", "--forget-bias", "3"])
        #expect(some.status == 0, "\(some.stderr)")
        #expect(some.stderr.contains("unroll compare: --forget-bias 3 applies to lstm only; rnn_tanh trains without it\n"), "\(some.stderr)")
        let plain = try CommandRunner.run(small + ["--cells", "rnn_tanh,lstm"])
        #expect(plain.status == 0 && !plain.stderr.contains("without it"), "\(plain.stderr)")
        func lines(_ output: String, _ cell: String) -> [Substring] {
            output.split(separator: "\n").filter { $0.contains(#""cell":"\#(cell)""#) && !$0.contains("summary") }
        }
        // rnn_tanh trains exactly as without the option; the LSTM with its forget gate opened trains otherwise.
        #expect(!lines(some.stdout, "rnn_tanh").isEmpty && lines(some.stdout, "rnn_tanh") == lines(plain.stdout, "rnn_tanh"))
        #expect(!lines(some.stdout, "lstm").isEmpty && lines(some.stdout, "lstm") != lines(plain.stdout, "lstm"))
        // --cell is not what compare trains: the forget bias is checked against --cells alone.
        let cell = try CommandRunner.run(small + ["--cell", "lstm", "--cells", "ssm", "--forget-bias", "1"])
        #expect(cell.status == 2 && cell.stderr.hasPrefix("Error: --forget-bias applies to lstm, gru and mingru, not ssm\n"), "\(cell.stderr)")
    }

    /// sunspots has 309 years, so 308 steps at most: a longer length is refused rather than silently cut.
    @Test func aLengthLongerThanTheTasksDataIsRefused() throws {
        for command in ["trace", "play", "train"] {
            let result = try CommandRunner.run([command, "--task", "sunspots", "--length", "400"])
            #expect(result.status == 2, "\(command): \(result.status)")
            #expect(result.stderr.hasPrefix("Error: --length 400 is out of range: 1 to 308 for sunspots: its series has 309 years\n"), "\(result.stderr)")
        }
        let longest = try CommandRunner.run(["trace", "--task", "sunspots", "--length", "308", "--cell", "rnn_tanh", "--hidden", "2"])
        #expect(longest.status == 0, "\(longest.stderr)")
        let trace = try #require(try JSONSerialization.jsonObject(with: Data(longest.stdout.utf8)) as? [String: Any])
        #expect((trace["steps"] as? [Any])?.count == 308)
    }

    @Test func badNumbersGetOneLineNeverATrap() throws {
        for text in ["nan", "inf", "-inf", "", "1e999", "-99999999999999999999", "x"] {
            for flag in ["hidden", "length", "seed", "radius", "forget-bias"] {
                let result = try CommandRunner.run(["trace", "--\(flag)", text])
                #expect(result.status == 2, "--\(flag) '\(text)': \(result.status) \(result.stderr)")
                #expect(result.stderr.hasPrefix("Error: --\(flag)") || result.stderr.hasPrefix("Error: unknown --\(flag)"), "--\(flag) '\(text)': \(result.stderr)")
            }
        }
    }
}
