import Foundation
import Testing
import UnrollTestSupport

@Suite struct SnapshotCommandTests {
    @Test func rendersTheScreenAfterTheKeys() throws {
        let result = try CommandRunner.run(["snapshot", "--cell", "gru", "--keys", "Right Right b", "--size", "100x30"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 30)
        #expect(lines.allSatisfy { $0.count <= 100 })
        #expect(lines[0].contains("gru H=8 T=30") && lines[0].contains("t=30/30 backward"))
        #expect(result.stdout.contains("Step t=30 · backward"))
    }

    @Test func asciiSnapshotsAreASCII() throws {
        let result = try CommandRunner.run(["snapshot", "--ascii", "--keys", "End b Home"])
        #expect(result.status == 0)
        #expect(result.stdout.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func badKeysAndSizesAreUsageErrors() throws {
        for (arguments, message) in [(["snapshot", "--keys", "Rihgt"], "unknown key \"Rihgt\""),
                                     (["snapshot", "--size", "80by24"], "--size must be WIDTHxHEIGHT"),
                                     (["snapshot", "--clip-threshold", "0"], "--clip-threshold 0 is out of range: 0.001 to 1000")] {
            let result = try CommandRunner.run(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
