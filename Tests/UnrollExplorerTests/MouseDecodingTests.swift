import Testing
import UnrollCore
@testable import UnrollExplorer

/// Mouse reports as the terminal sends them, in reads at given times, to the events and keys that reach the
/// program: decoded whole, or dropped whole, never taken apart into keys.
@Suite struct MouseDecodingTests {
    static func bytes(_ text: String) -> [KeySequenceFilter.Input] { KeyDecoder.inputs(fromBytes: Array(text.utf8)) }
    static func ms(_ n: Int) -> Duration { .milliseconds(n) }
    static func sgr(_ b: Int, _ x: Int, _ y: Int, release: Bool = false) -> String { "\u{1b}[<\(b);\(x);\(y)\(release ? "m" : "M")" }
    static func x10(_ b: Int, _ x: Int, _ y: Int) -> [UInt8] { [0x1b, 0x5b, 0x4d, UInt8(32 + b), UInt8(32 + x), UInt8(32 + y)] }

    /// One read, alone, through a fresh filter.
    static func events(_ read: [KeySequenceFilter.Input]) -> [InputEvent] {
        var filter = KeySequenceFilter()
        return filter.events(read, at: .zero)
    }

    @Test func sgrReportsDecodeWhole() {
        // 1-based on the wire, 0-based in the event.
        #expect(Self.events(Self.bytes(Self.sgr(0, 12, 5))) == [.mouse(.click(11, 4))])
        #expect(Self.events(Self.bytes(Self.sgr(0, 12, 5, release: true))) == [.mouse(MouseEvent(.release, x: 11, y: 4))])
        #expect(Self.events(Self.bytes(Self.sgr(2, 1, 1))) == [.mouse(MouseEvent(.press(2), x: 0, y: 0))])
        #expect(Self.events(Self.bytes(Self.sgr(64, 300, 120))) == [.mouse(MouseEvent(.wheelUp, x: 299, y: 119))])
        #expect(Self.events(Self.bytes(Self.sgr(65, 80, 24))) == [.mouse(MouseEvent(.wheelDown, x: 79, y: 23))])
        // Shift (4), Meta (8), Control (16); motion (32); the extra buttons (128).
        #expect(Self.events(Self.bytes(Self.sgr(4 + 8 + 16, 3, 4))) == [.mouse(MouseEvent(.press(0), x: 2, y: 3, shift: true, alt: true, control: true))])
        #expect(Self.events(Self.bytes(Self.sgr(32, 3, 4))) == [.mouse(MouseEvent(.motion, x: 2, y: 3))])
        #expect(Self.events(Self.bytes(Self.sgr(128, 3, 4))) == [.mouse(MouseEvent(.press(7), x: 2, y: 3))])
        // Wider than X10 can say.
        #expect(Self.events(Self.bytes(Self.sgr(0, 1000, 500))) == [.mouse(.click(999, 499))])
    }

    @Test func x10ReportsDecodeWholeWithRawCoordinates() {
        #expect(Self.events(KeyDecoder.inputs(fromBytes: Self.x10(0, 1, 1))) == [.mouse(.click(0, 0))])
        // Past column 94 the coordinate bytes are not UTF-8; they are still the column.
        #expect(Self.events(KeyDecoder.inputs(fromBytes: Self.x10(0, 100, 40))) == [.mouse(.click(99, 39))])
        #expect(Self.events(KeyDecoder.inputs(fromBytes: Self.x10(0, 223, 223))) == [.mouse(.click(222, 222))])
        // Release (button 3, which X10 does not name) and the wheel (64, 65).
        #expect(Self.events(KeyDecoder.inputs(fromBytes: Self.x10(3, 10, 2))) == [.mouse(MouseEvent(.release, x: 9, y: 1))])
        #expect(Self.events(KeyDecoder.inputs(fromBytes: Self.x10(64, 10, 2))) == [.mouse(MouseEvent(.wheelUp, x: 9, y: 1))])
        #expect(Self.events(KeyDecoder.inputs(fromBytes: Self.x10(65, 10, 2))) == [.mouse(MouseEvent(.wheelDown, x: 9, y: 1))])
        // Bytes that spell digits ("1" is 32 + 17) stay coordinates.
        #expect(Self.events(KeyDecoder.inputs(fromBytes: Self.x10(0, 17, 18))) == [.mouse(.click(16, 17))])
    }

    @Test func keysAroundReportsSurviveInOrder() {
        let read = Self.bytes("n" + Self.sgr(0, 5, 5) + "h") + KeyDecoder.inputs(fromBytes: Self.x10(0, 20, 3)) + [.key(.right)]
        #expect(Self.events(read) == [.key(.character("n")), .mouse(.click(4, 4)), .key(.character("h")), .mouse(.click(19, 2)), .key(.right)])
        // A click and its release, and a wheel turned four notches, in one read.
        let wheel = Self.bytes(Self.sgr(0, 9, 9) + Self.sgr(0, 9, 9, release: true) + String(repeating: Self.sgr(65, 9, 9), count: 4))
        #expect(Self.events(wheel).count == 6 && Self.events(wheel).allSatisfy { $0.mouse != nil })
    }

    /// A report cut by the pty at every byte, the rest a moment later: one event, no keys. (Cut just after
    /// its ESC, the rest came later than curses waits for it, which hands the ESC on as the Escape key.)
    @Test func aReportSplitAcrossReadsIsOneEvent() {
        for report in [Array(Self.sgr(65, 123, 45).utf8), Self.x10(0, 100, 7)] {
            for cut in 1..<report.count {
                var filter = KeySequenceFilter()
                let first = filter.events(KeyDecoder.inputs(fromBytes: Array(report[..<cut])), at: Self.ms(0))
                let second = filter.events(KeyDecoder.inputs(fromBytes: Array(report[cut...])), at: Self.ms(20))
                #expect(first == (cut == 1 ? [.key(.escape)] : []), "cut at \(cut)")
                #expect(second.count == 1 && second[0].mouse != nil, "cut at \(cut): \(second)")
            }
        }
    }

    /// An SGR report cut off, its rest arriving after the deadline: neither part is keys, and the keyboard
    /// is back at once.
    @Test func aTruncatedReportNeverLeaksItsDigits() {
        let report = Array(Self.sgr(0, 31, 24).utf8)
        for cut in 1..<report.count {
            var filter = KeySequenceFilter()
            let late = Self.ms(0) + KeySequenceFilter.sequenceDeadline + Self.ms(1)
            let first = filter.events(KeyDecoder.inputs(fromBytes: Array(report[..<cut])), at: Self.ms(0))
            let rest = filter.events(KeyDecoder.inputs(fromBytes: Array(report[cut...])), at: late)
            #expect(first == (cut == 1 ? [.key(.escape)] : []), "cut at \(cut): \(first)")
            #expect(rest.allSatisfy { $0.key == nil }, "cut at \(cut): \(rest)")
            #expect(filter.events(Self.bytes("2"), at: late + Self.ms(1)) == [.key(.character("2"))], "cut at \(cut)")
        }
        // Cut off, and the rest without its end after the deadline: nothing. A digit typed then looks the
        // same, and is lost once; the read after it is keys again.
        var filter = KeySequenceFilter()
        #expect(filter.events(Self.bytes("\u{1b}[<0;3"), at: .zero).isEmpty)
        #expect(filter.events(Self.bytes("1;2"), at: KeySequenceFilter.sequenceDeadline + Self.ms(1)).isEmpty)
        #expect(filter.events(Self.bytes("3"), at: KeySequenceFilter.sequenceDeadline + Self.ms(2)) == [.key(.character("3"))])
        // Letters after a cut report are keys.
        #expect(filter.events(Self.bytes("\u{1b}[<0;3"), at: Self.ms(500)).isEmpty)
        #expect(filter.events(Self.bytes("nh"), at: Self.ms(600)) == [.key(.character("n")), .key(.character("h"))])
    }

    /// A report whose ESC came alone and was handed on as the Escape key (its rest later than curses waits):
    /// the rest is still the report, not keys.
    @Test func aReportWhoseEscapeCameAloneIsStillWhole() {
        for (rest, event) in [("[<0;31;24M", InputEvent.mouse(.click(30, 23))), ("[M !!", .mouse(.click(0, 0)))] {
            var filter = KeySequenceFilter()
            #expect(filter.events(Self.bytes("\u{1b}"), at: .zero) == [.key(.escape)])
            #expect(filter.events(Self.bytes(rest), at: Self.ms(40)) == [event], "\(rest)")
        }
        // An Escape the person pressed, then keys: the keys.
        var filter = KeySequenceFilter()
        #expect(filter.events(Self.bytes("\u{1b}"), at: .zero) == [.key(.escape)])
        #expect(filter.events(Self.bytes("[1"), at: Self.ms(400)) == [.key(.character("[")), .key(.character("1"))])
    }

    /// Reports no terminal sends: each is dropped whole, and nothing of it (a digit above all) is a key.
    @Test func malformedReportsAreDroppedWhole() {
        let hostile = ["\u{1b}[<0;12M", "\u{1b}[<0;12;5;7M", "\u{1b}[<;;M", "\u{1b}[<0;0;5M", "\u{1b}[<0;5;0M",
                       "\u{1b}[<999999999999999999999;1;2M", "\u{1b}[<0;99999999999999999999;2M", "\u{1b}[<256;1;1M",
                       "\u{1b}[<0;10001;1M", "\u{1b}[<<0;1;2M", "\u{1b}[<0:1;2;3M", "\u{1b}[<0;1;2x", "\u{1b}[<0;1;2~",
                       "\u{1b}[<-1;2;3M", "\u{1b}[< 0;2;3M", "\u{1b}[<" + String(repeating: "1", count: 10_000) + ";1;1M",
                       "\u{1b}[<" + String(repeating: ";", count: 10_000) + "M", "\u{1b}[1;2;3M", "\u{1b}[<1;2;3?M"]
        for report in hostile {
            var filter = KeySequenceFilter()
            #expect(filter.events(Self.bytes(report), at: .zero).isEmpty, "\(report.prefix(30).debugDescription)")
            #expect(filter.events(Self.bytes("q"), at: Self.ms(1)) == [.key(.character("q"))], "after \(report.prefix(30).debugDescription)")
        }
        // An X10 report broken off by a control key: the report is dropped, the key counts.
        #expect(Self.events(KeyDecoder.inputs(fromBytes: [0x1b, 0x5b, 0x4d, 0x20, 0x03])) == [.key(.control("c"))])
        // An X10 report that no terminal sends (a coordinate byte below 33) is nothing.
        #expect(Self.events(KeyDecoder.inputs(fromBytes: [0x1b, 0x5b, 0x4d, 0x20, 0x20, 0x21])).isEmpty)
    }

    /// Random reports of either form, cut into reads at random places, among random typed keys: what comes
    /// out is exactly the keys typed and the reports sent, in order.
    @Test func randomReportsAmongKeysComeOutExactly() {
        var random = SeededGenerator(seed: 5)
        let typed: [UInt8] = Array("nph1234qb+-=< >".utf8) + [0x09, 0x0d, 0x7f]
        for round in 0..<500 {
            var bytes: [UInt8] = [], expected: [InputEvent] = []
            for _ in 0..<(1 + random.index(below: 12)) {
                let x = 1 + random.index(below: 223), y = 1 + random.index(below: 223)
                switch random.index(below: 3) {
                case 0:
                    let key = typed[random.index(below: typed.count)]
                    bytes.append(key)
                    var single = KeySequenceFilter()
                    expected += single.events([.byte(key)], at: .zero)
                case 1:
                    let button = [0, 1, 2, 64, 65][random.index(below: 5)], release = random.index(below: 4) == 0
                    bytes += Array(Self.sgr(button, x, y, release: release).utf8)
                    expected.append(.mouse(MouseEvent.sgr(parameters: "\(button);\(x);\(y)", final: release ? "m" : "M")!))
                default:
                    let button = [0, 1, 2, 3, 64, 65][random.index(below: 6)]
                    bytes += Self.x10(button, x, y)
                    expected.append(.mouse(MouseEvent.x10(32 + button, 32 + x, 32 + y)!))
                }
            }
            var filter = KeySequenceFilter()
            var got: [InputEvent] = []
            var start = 0, time = Duration.zero
            while start < bytes.count {
                var end = min(bytes.count, start + 1 + random.index(below: 12))
                // Never just after an ESC: curses waits for what follows it (the test below has it come late).
                while end < bytes.count && bytes[end - 1] == 0x1b { end += 1 }
                got += filter.events(KeyDecoder.inputs(fromBytes: Array(bytes[start..<end])), at: time)
                start = end
                // Within the deadline over all of a report's reads.
                time += .milliseconds(random.index(below: 4))
            }
            #expect(got == expected, "round \(round)")
        }
    }
}
