import Foundation
import Testing
import UnrollTestSupport
import UnrollCore

/// Every numeric option of every command, found in the commands' help (so a new one is walked too), takes
/// `-1`, `nan` and `1e30` as values (never "Missing value") and refuses them with the option table's message
/// and exit status 2, or accepts them where the table says they are valid (a forget bias of −1).
@Suite struct NumericOptionTests {
    /// The subcommands; `theWalkCoversEveryCommand` checks this against `unroll --help`.
    static let commands = ["play", "snapshot", "train", "compare", "trace", "export", "stream", "bench", "lessons", "lesson", "follow", "replay"]

    /// Options whose values are words, paths, names or lists of them rather than numbers.
    static let wordOptions: Set<String> = Set(ModelOption.all.filter { !$0.kind.words.isEmpty }.compactMap(\.flag)).union([
        "load", "output", "resume", "keys", "lesson", "size", "cells", "pass", "share", "share-group", "record", "cast", "input", "on-error", "data", "column", "target", "beside",
    ])

    /// Arguments that make an accepted value cheap to run: play would open the screen (the kiosk refuses
    /// --load after every option was read), train and compare make one small update.
    static func around(_ command: String) -> (before: [String], after: [String]) {
        let small = ["--steps", "1", "--eval-every", "1", "--test-size", "1", "--batch", "1", "--hidden", "2", "--length", "3"]
        switch command {
        case "play": return ([], ["--kiosk", "--load", "/nonexistent/unroll-run.json"])
        case "stream": return ([], ["--load", "/nonexistent/unroll-run.json"])
        case "train": return (small, [])
        case "compare": return (["--cells", "lstm"] + small, [])
        case "bench": return (["--cells", "rnn_tanh", "--pass", "forward", "--hidden", "2", "--length", "2", "--seconds", "0.001"], [])
        default: return ([], [])
        }
    }

    /// The long options of `command` that take a value, from its help.
    static func valueOptions(of command: String) throws -> [String] {
        let help = try CommandRunner.run([command, "--help"]).stdout
        var flags: [String] = []
        for line in help.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard let first = words.first, first.hasPrefix("--"), words.count > 1, words[1].hasPrefix("<") else { continue }
            flags.append(String(first.dropFirst(2)))
        }
        return flags
    }

    @Test func theWalkCoversEveryCommand() throws {
        let help = try CommandRunner.run(["--help"]).stdout
        let section = try #require(help.components(separatedBy: "SUBCOMMANDS:").last)
        let listed = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("  "), let word = line.split(separator: " ").first, word.first?.isLetter == true,
                  !line.hasPrefix("   ") else { return nil }
            return String(word)
        }.filter { $0 != "See" }
        #expect(listed == Self.commands)
    }

    @Test(arguments: commands)
    func everyNumericOptionValidatesNegativeNanAndHugeValues(_ command: String) throws {
        let flags = try Self.valueOptions(of: command).filter { !Self.wordOptions.contains($0) }
        let use: SizeLimits.Use = command == "play" || command == "snapshot" ? .explorer : .batch
        let (before, after) = Self.around(command)
        for flag in flags {
            for text in ["-1", "nan", "1e30"] {
                let result = try CommandRunner.run([command] + before + ["--\(flag)", text] + after)
                let firstLine = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
                #expect(!result.stderr.contains("Missing value") && !result.stderr.contains("Unknown option"),
                        "\(command) --\(flag) \(text): \(firstLine)")
                // A row of the table is accepted where its validator accepts the value (bench's sizes are
                // its own, and refuse all three).
                let row = command == "bench" ? nil : ModelOption.flagged(flag, for: use)
                let valid = row.map { if case .success = $0.read(text, for: use) { true } else { false } } ?? false
                let aboutTheFlag = firstLine.hasPrefix("Error: --\(flag) ")
                if valid {
                    #expect(!aboutTheFlag, "\(command) --\(flag) \(text) refused: \(firstLine)")
                    continue
                }
                #expect(result.status == 2, "\(command) --\(flag) \(text): status \(result.status), \(firstLine)")
                let outOfRange = firstLine.hasPrefix("Error: --\(flag) \(text) is out of range: ")
                let notANumber = firstLine == "Error: --\(flag) takes a number, not \"\(text)\""
                    || firstLine == "Error: --\(flag) takes a whole number, not \"\(text)\""
                #expect(outOfRange || notANumber, "\(command) --\(flag) \(text): \(firstLine)")
                if text == "-1" { #expect(outOfRange, "\(command) --\(flag) -1 is a number: \(firstLine)") }
            }
        }
        if ["train", "compare", "snapshot", "bench"].contains(command) { #expect(!flags.isEmpty) }
    }

    /// The options outside the table, each refused and accepted at its bounds.
    @Test func theCommandsOwnNumbersHaveBounds() throws {
        let cases: [([String], String?)] = [
            (["snapshot", "--train-steps", "-1"], "--train-steps -1 is out of range: 0 to 10000000"),
            (["snapshot", "--train-steps", "0"], nil),
            (["train", "--sample=-5"], "--sample -5 is out of range: 0 to 1000000"),
            (["train", "--sample", "1000001"], "--sample 1000001 is out of range: 0 to 1000000"),
            (["compare", "--threshold", "-0.5"], "--threshold -0.5 is out of range: 0 to 1000000"),
            (["compare", "--threshold", "inf"], "--threshold inf is out of range: 0 to 1000000"),
            (["bench", "--seconds", "0"], "--seconds 0 is out of range: 0.001 to 60"),
            (["bench", "--hidden", "16", "-1", "64"], "--hidden -1 is out of range: 1 to 512"),
            (["bench", "--length", "-3"], "--length -3 is out of range: 1 to 100000"),
            (["bench", "--length", "1.5"], "--length takes a whole number, not \"1.5\""),
            // A size is two numbers: a negative one is read as a size, not taken for an option.
            (["snapshot", "--size", "-1x5"], "--size must be WIDTHxHEIGHT, for example 100x30"),
        ]
        for (arguments, message) in cases {
            let result = try CommandRunner.run(arguments + (arguments[0] == "snapshot" ? ["--hidden", "2", "--length", "3"] : []))
            if let message {
                #expect(result.status == 2 && result.stderr.hasPrefix("Error: \(message)\n"), "\(arguments): \(result.stderr)")
            } else {
                #expect(result.status == 0, "\(arguments): \(result.stderr)")
            }
        }
    }

    /// bench's lists still take several values after one flag, and a negative one among them reaches the check.
    @Test func benchListsTakeSeveralValues() throws {
        let result = try CommandRunner.run(["bench", "--cells", "rnn_tanh", "--pass", "forward", "--hidden", "2", "3", "--length", "2",
                                            "--seconds", "0.001", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].contains(#""hidden":2"#) && lines[1].contains(#""hidden":3"#), "\(result.stdout)")
    }

    /// With --resume the model options are not used, but a value no command takes is still refused.
    @Test func resumeDoesNotHideABadValue() throws {
        let result = try CommandRunner.run(["train", "--resume", "/nonexistent/unroll-run.json", "--hidden", "-1"])
        #expect(result.status == 2 && result.stderr.hasPrefix("Error: --hidden -1 is out of range: 1 to 512"), "\(result.stderr)")
    }
}
