import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer

/// The key filter as a pure function: reads of bytes (as the terminal sends them, decoded as curses leaves
/// unknown sequences) at given times, to the keys that reach the program.
@Suite struct KeySequenceFilterTests {
    static func read(_ text: String) -> [KeySequenceFilter.Input] { KeyDecoder.inputs(fromBytes: Array(text.utf8)) }
    static func keys(_ text: String) -> [Key] { text.map { Key.character($0) } }
    static func ms(_ n: Int) -> Duration { .milliseconds(n) }
    static let q = [Key.character("q")]

    @Test func reportsAndAltKeysAreNotKeys() {
        var filter = KeySequenceFilter()
        // A mouse report, a focus report, a cursor-position report, an OSC title and an Alt-b: none are keys.
        #expect(filter.filter(Self.read("\u{1b}[<0;12;5M\u{1b}[I\u{1b}[24;80R\u{1b}]0;pwned\u{07}\u{1b}b"), at: Self.ms(0)).isEmpty)
        // Keys around them survive; an Escape alone at the end of a read is the Escape key.
        #expect(filter.filter(Self.read("1\u{1b}[2~") + [.key(.right)] + Self.read("\u{1b}"), at: Self.ms(200)) == [.character("1"), .right, .escape])
        #expect(filter.filter(Self.read("\u{1b}\u{1b}"), at: Self.ms(400)) == [.escape, .escape])
        // A sequence cut off by a key a report never holds gives the key back.
        #expect(filter.filter(Self.read("\u{1b}[1\r"), at: Self.ms(600)) == [.enter])
    }

    @Test func altBracketOrAltPThenQQuits() {
        for opener in ["\u{1b}]", "\u{1b}P", "\u{1b}_", "\u{1b}^"] {
            var filter = KeySequenceFilter()
            #expect(filter.filter(Self.read(opener), at: Self.ms(0)).isEmpty)
            // The very next read, however soon, is keys: a string is never carried past the read it began in.
            #expect(filter.filter(Self.read("q"), at: Self.ms(1)) == Self.q, "after \(opener.debugDescription)")
        }
        // Ctrl-C (the kiosk's quit, a raw key there) breaks off a string or a control sequence in the same read.
        var filter = KeySequenceFilter()
        #expect(filter.filter(Self.read("\u{1b}]0;title\u{03}"), at: Self.ms(0)) == [.control("c")])
        #expect(filter.filter(Self.read("\u{1b}[12\u{03}"), at: Self.ms(100)) == [.control("c")])
        #expect(filter.filter(Self.read("\u{1b}P\u{03}"), at: Self.ms(200)) == [.control("c")])
    }

    @Test func aControlSequenceSplitAcrossReadsIsCarriedOnlyBriefly() {
        var filter = KeySequenceFilter()
        // A mouse report cut in two by the pty: the rest, a moment later, is not typed.
        #expect(filter.filter(Self.read("\u{1b}[<0;12"), at: Self.ms(0)).isEmpty)
        #expect(filter.filter(Self.read(";5M"), at: Self.ms(10)).isEmpty)
        // Alt-[ and, later than a terminal would take, q: the q counts.
        #expect(filter.filter(Self.read("\u{1b}["), at: Self.ms(100)).isEmpty)
        #expect(filter.filter(Self.read("q"), at: Self.ms(100) + KeySequenceFilter.sequenceDeadline + Self.ms(1)) == Self.q)
    }

    @Test func aPasteWithoutItsEndSwallowsKeysOnlyForAMoment() {
        // Both forms of the marker: decoded by curses, and spelled out.
        for opening in [[KeySequenceFilter.Input.pasteStart] + Self.read("some text"), Self.read("\u{1b}[200~some text")] {
            var filter = KeySequenceFilter()
            #expect(filter.filter(opening, at: Self.ms(0)).isEmpty)
            // The rest of a long paste, a moment later, is still the paste...
            #expect(filter.filter(Self.read("more text"), at: Self.ms(40)).isEmpty)
            // ...but a paste that never ends does not eat q for ever.
            #expect(filter.filter(Self.read("q"), at: KeySequenceFilter.pasteDeadline + Self.ms(1)) == Self.q)
        }
        // A paste that ends gives the keyboard back at once.
        var filter = KeySequenceFilter()
        #expect(filter.filter([.pasteStart] + Self.read("abc"), at: Self.ms(0)).isEmpty)
        #expect(filter.filter(Self.read("def") + [.pasteEnd], at: Self.ms(5)).isEmpty)
        #expect(filter.filter(Self.read("q"), at: Self.ms(10)) == Self.q)
    }

    @Test func textAfterAnEndMarkerInsideAPasteIsDropped() {
        // Pasted text that holds the end marker: what follows it is still the paste, not keys.
        for burst in [[KeySequenceFilter.Input.pasteStart] + Self.read("hello") + [.pasteEnd] + Self.read("qqq y") + [.pasteEnd],
                      Self.read("\u{1b}[200~hello\u{1b}[201~qqq y\u{1b}[201~"),
                      Self.read("hello\u{1b}[201~qqq")] {
            var filter = KeySequenceFilter()
            #expect(filter.filter(burst, at: Self.ms(0)).isEmpty, "\(burst)")
            #expect(filter.filter(Self.read("q"), at: Self.ms(300)) == Self.q)
        }
    }

    @Test func aFloodInOneReadIsDroppedWhole() {
        var filter = KeySequenceFilter()
        #expect(filter.filter(Self.read(String(repeating: "j", count: KeySequenceFilter.keysPerRead)), at: Self.ms(0)).count == KeySequenceFilter.keysPerRead)
        #expect(filter.filter(Self.read(String(repeating: "j", count: KeySequenceFilter.keysPerRead) + "q"), at: Self.ms(100)).isEmpty)
        // A runaway string as long as anything a read can hold ends with the read.
        #expect(filter.filter(Self.read("\u{1b}]" + String(repeating: "x", count: 100_000)), at: Self.ms(200)).isEmpty)
        #expect(filter.filter(Self.read("q"), at: Self.ms(201)) == Self.q)
    }

    /// Random storms of the bytes sequences are made of, in reads at random times: whatever came before,
    /// a q typed once the deadlines have passed quits, and so does Ctrl-C.
    @Test func noStormMakesQDeadForLongerThanItsDeadline() {
        let alphabet: [[UInt8]] = [[0x1b], Array("[".utf8), Array("]".utf8), Array("P".utf8), Array("O".utf8), Array("\\".utf8),
                                   Array("_".utf8), Array("^".utf8), [0x07], [0x18], [0x03], Array("200~".utf8), Array("201~".utf8),
                                   Array("0123456789;<?".utf8), Array("qjM~ ".utf8), Array("é".utf8), [0x0d]]
        var random = SeededGenerator(seed: 11)
        let latest = max(KeySequenceFilter.pasteDeadline, KeySequenceFilter.sequenceDeadline)
        for storm in 0..<2000 {
            var filter = KeySequenceFilter()
            var time = Duration.zero
            for _ in 0..<random.index(below: 6) + 1 {
                var bytes: [UInt8] = []
                for _ in 0..<random.index(below: 40) {
                    let piece = alphabet[random.index(below: alphabet.count)]
                    bytes += piece.count > 1 && random.index(below: 2) == 0 ? [piece[random.index(below: piece.count)]] : piece
                }
                var read = KeyDecoder.inputs(fromBytes: bytes)
                if random.index(below: 8) == 0 { read.insert(random.index(below: 2) == 0 ? .pasteStart : .pasteEnd, at: random.index(below: read.count + 1)) }
                _ = filter.filter(read, at: time)
                time += .milliseconds(random.index(below: 30))
            }
            var after = filter
            let key: Key = storm % 2 == 0 ? .character("q") : .control("c")
            #expect(after.filter([.key(key)], at: time + latest + .milliseconds(1)) == [key], "storm \(storm)")
            // A string or an unfinished paste can hold keys back only for its deadline, never one read longer.
            _ = filter.filter(KeyDecoder.inputs(fromBytes: [0x1b, 0x5d]), at: time + latest + .milliseconds(1))
            #expect(filter.filter([.key(key)], at: time + latest + .milliseconds(2)) == [key], "storm \(storm), after Alt-]")
        }
    }

    /// Every case of the fuzzing corpus, as one read: after it, q (and Ctrl-C) once the deadlines are past.
    @Test func theKeysCorpusLeavesQAlive() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/corpus/keys").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(names.count >= 10)
        let later = max(KeySequenceFilter.pasteDeadline, KeySequenceFilter.sequenceDeadline) + Self.ms(1)
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
            for key in [Key.character("q"), .control("c")] {
                var filter = KeySequenceFilter()
                _ = filter.filter(KeyDecoder.inputs(fromBytes: bytes), at: .zero)
                #expect(filter.filter([.key(key)], at: later) == [key], "\(name)")
            }
        }
    }

    @Test func bytesDecodeAsCursesLeavesThem() {
        // Control bytes are keys; ESC [ A that curses did not decode is a sequence, not keys.
        var filter = KeySequenceFilter()
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0x03, 0x09, 0x0d, 0x7f]), at: .zero) == [.control("c"), .tab, .enter, .backspace])
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0x1b, 0x5b, 0x41]), at: Self.ms(100)).isEmpty)
        #expect(filter.filter(Self.read("é€𝑥"), at: Self.ms(200)) == [.character("é"), .character("€"), .character("𝑥")])
        // NUL and the C1 controls are not keys.
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0x00] + Array("\u{9b}\u{9d}".utf8)), at: Self.ms(300)).isEmpty)
        #expect(KeyDecoder.decode(-5) == nil && KeyDecoder.decode(Int32(KeyDecoder.curses + 0o403)) == .up)
        #expect(KeyDecoder.input(0xE9) == .byte(0xE9) && KeyDecoder.input(Int32(KeyDecoder.curses + 0o402)) == .key(.down))
        #expect(KeyDecoder.input(Int32(KeyDecoder.curses + 0o777)) == nil)
    }

    /// curses' get_wch fails on an invalid UTF-8 byte for ever after; the filter, given bytes, drops it.
    @Test func invalidUTF8IsDroppedAndKeysGoOn() {
        var filter = KeySequenceFilter()
        // A lone continuation byte, a Latin-1 é, an overlong form, a lead byte cut off by a key, a surrogate.
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0x85, 0x71]), at: .zero) == Self.q)
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0xE9, 0x71]), at: Self.ms(10)) == Self.q)
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0xC0, 0xAF, 0x71]), at: Self.ms(20)) == Self.q)
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0xE2, 0x82, 0x71]), at: Self.ms(30)) == Self.q)
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0xED, 0xA0, 0x80, 0x71]), at: Self.ms(40)) == Self.q)
        // A character split across two reads is one key; its first byte alone for too long is nothing.
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0xC3]), at: Self.ms(100)).isEmpty)
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0xA9]), at: Self.ms(110)) == [.character("é")])
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0xC3]), at: Self.ms(200)).isEmpty)
        #expect(filter.filter(KeyDecoder.inputs(fromBytes: [0xA9, 0x71]), at: Self.ms(200) + KeySequenceFilter.sequenceDeadline + Self.ms(1)) == Self.q)
    }
}
