import Foundation
import Testing
import UnrollTestSupport

/// Bytes typed without pause at the real binary: whatever they are, the program still answers a signal.
@Suite(.serialized) struct KeyFloodTests {
    @Test(arguments: [("C1 controls", Array("\u{80}\u{9b}".utf8)), ("NUL", [0, 0, 0, 0]),
                      ("paste markers", Array("\u{1b}[200~".utf8)), ("Alt-]", Array("\u{1b}]x".utf8)), ("letters", Array("jkjk".utf8))])
    func aSignalEndsItDuringAnEndlessFlood(name: String, bytes: [UInt8]) throws {
        let terminal = try PseudoTerminal(["play"])
        var killed = Date()
        terminal.flood(bytes, for: 3, after: 1) {
            killed = Date()
            kill(terminal.pid, SIGTERM)
        }
        #expect(terminal.exitStatus(within: 2) == 128 + Int(SIGTERM), "\(name)")
        let took = Date().timeIntervalSince(killed)
        #expect(took < 0.5, "\(name): \(took) s after SIGTERM")
    }
}
