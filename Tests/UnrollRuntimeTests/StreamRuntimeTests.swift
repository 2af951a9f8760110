import Foundation
import Testing
import UnrollCore
import UnrollTestSupport
@testable import UnrollExplorer
@testable import UnrollTerminal

/// `unroll stream`'s screen on a terminal in memory: values arrive while the script runs, keys pause and
/// quit, problems are shown with their line, attention's cache grows beside a flat state, and an idle
/// stream waits without a timeout.
@Suite struct StreamRuntimeTests {
    /// A model of one input and one output, the same on every run, timed by a fixed clock.
    static func streamed(_ cell: CellKind, hidden: Int = 6, seed: UInt64 = 3, maxLength: Int = 40) -> StreamWatch.Streamed {
        var generator = SeededGenerator(seed: seed)
        let config = NetworkConfig(cell: cell, inputSize: 1, hiddenSize: hidden, outputSize: 1, heads: 2, maxLength: maxLength)
        let network = Network(config: config, init: InitOptions(), generator: &generator)
        return StreamWatch.Streamed(name: "\(cell.rawValue) H=\(hidden)", forecaster: StreamForecaster(network: network, clock: .fixed(seconds: 2e-6)))
    }

    static func sine(_ range: Range<Int>) -> [String] { range.map { String(format: "%.4f", sin(Double($0) * 0.3)) } }

    @Test func valuesAreSteppedAsTheyArriveAndSpacePausesTheReading() {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let source = MemoryStreamSource()
        var watch = StreamWatch(models: [Self.streamed(.lstm)], source: "stdin", stopsOnProblem: false)
        let shots = Shots()
        var counts: [String: Int] = [:]
        func count(_ name: String, at ms: Int) { terminal.at(ms, .run { counts[name] = source.taken }) }
        terminal.at(10, .run { source.send(Self.sine(0..<3)) })
        terminal.look(at: 500, into: shots, "three")
        terminal.at(600, keys: [.character(" ")])
        terminal.at(700, .run { source.send(Self.sine(3..<8)) })
        count("paused", at: 900)
        terminal.look(at: 900, into: shots, "paused")
        terminal.at(1000, keys: [.character(" ")])
        count("going on", at: 1100)
        terminal.at(1200, .run { source.close() })
        terminal.look(at: 1300, into: shots, "ended")
        terminal.at(1400, keys: [.character("q")])
        let status = StreamRuntime(forceASCII: false).run(&watch, from: source, on: terminal)
        #expect(status == 0)
        #expect(shots["three"].contains(" t 3 ") && shots["three"].contains("reading"), "\(shots["three"])")
        #expect(counts["paused"] == 3, "a paused stream read on")
        #expect(shots["paused"].contains("paused") && shots["paused"].contains("Space go on"), "\(shots["paused"])")
        #expect(counts["going on"] == 8)
        #expect(shots["ended"].contains("end of input") && shots["ended"].contains(" t 8 ") && !shots["ended"].contains("Space"))
        #expect(watch.models[0].forecaster.count == 8)
    }

    @Test func aLineThatIsNotValuesIsShownWithItsNumberAndSkippedOrStopsTheStream() {
        for stops in [false, true] {
            let terminal = MemoryTerminal(width: 80, height: 24)
            let source = MemoryStreamSource(["value", "0.5", "abc", "", "0.25"])
            source.close()
            var watch = StreamWatch(models: [Self.streamed(.gru)], source: "sensor.log", stopsOnProblem: stops)
            let shots = Shots()
            terminal.look(at: 100, into: shots, "end")
            terminal.at(200, keys: [.character("q")])
            let status = StreamRuntime(forceASCII: false).run(&watch, from: source, on: terminal)
            if stops {
                #expect(status == 1 && watch.models[0].forecaster.count == 1)
                #expect(shots["end"].contains("sensor.log:3: 'abc' is not a number") && shots["end"].contains("stopped at line 3"), "\(shots["end"])")
            } else {
                #expect(status == 0 && watch.models[0].forecaster.count == 2 && watch.skipped == 2)
                #expect(shots["end"].contains("sensor.log:4: an empty line, not one number; skipped"), "\(shots["end"])")
                #expect(shots["end"].contains("end of input, 2 lines skipped"), "\(shots["end"])")
            }
        }
    }

    /// Beside the recurrence, attention's key/value cache grows by 2·H floats a value and stops when its
    /// positions run out, while the state stays the same size and the stream goes on.
    @Test func attentionsCacheGrowsBesideAFlatStateUntilItsPositionsRunOut() {
        let recurrent = Self.streamed(.lstm, hidden: 8), attention = Self.streamed(.attention, hidden: 8, maxLength: 20)
        var watch = StreamWatch(models: [recurrent, attention], source: "stdin", stopsOnProblem: false)
        let state = recurrent.forecaster.heldBytes
        var cache: [Int] = []
        for line in Self.sine(0..<30) {
            watch.read(Substring(line))
            cache.append(watch.models[1].forecaster.heldBytes)
            #expect(watch.models[0].forecaster.heldBytes == state)
        }
        #expect(cache[0] == 2 * 8 * 4 && cache[9] == 10 * 2 * 8 * 4 && cache[29] == 20 * 2 * 8 * 4, "\(cache)")
        #expect(watch.models[0].forecaster.count == 30 && watch.models[1].forecaster.count == 20)
        #expect(watch.models[1].stopped == "its 20 positions were used up at value 20")
        #expect(watch.outputLine.hasSuffix(", nan\n"), "the stopped model's column reads nan: \(watch.outputLine)")
        var canvas = Canvas(width: 80, height: 24, theme: .plainUnicode)
        StreamView.renderScreen(watch.picture, on: &canvas)
        #expect(canvas.text.contains("key/value cache 1.3 kB") && canvas.text.contains("state 64 B"), "\(canvas.text)")
        #expect(canvas.text.contains("stopped: its 20 positions were used up at value 20"))
    }

    /// The screen a learner sees after 60 values of a sine, beside attention, in Unicode and in ASCII at 80x24.
    @Test func theScreenAfterSixtyValuesMatchesItsSnapshot() {
        for (theme, name) in [(Theme.plainUnicode, "unicode"), (.plainASCII, "ascii")] {
            var watch = StreamWatch(models: [Self.streamed(.lstm, hidden: 8), Self.streamed(.attention, hidden: 8, maxLength: 100)],
                                    source: "stdin", stopsOnProblem: false)
            for line in ["value"] + Self.sine(0..<60) + ["oops"] { watch.read(Substring(line)) }
            let terminal = MemoryTerminal(width: 80, height: 24, theme: theme)
            let source = MemoryStreamSource()
            terminal.at(100, keys: [.character("q")])
            _ = StreamRuntime(forceASCII: name == "ascii").run(&watch, from: source, on: terminal)
            ScreenSnapshot.expect(terminal.screen, matches: "stream-80x24-\(name)")
        }
        // Below the smallest size the screen says so instead of drawing over itself.
        var small = Canvas(width: 30, height: 10, theme: .plainUnicode)
        StreamView.renderScreen(StreamWatch(models: [Self.streamed(.gru)], source: "stdin", stopsOnProblem: false).picture, on: &small)
        #expect(small.text.replacingOccurrences(of: "\n", with: " ").contains("terminal too small (need 40x14, have"), "\(small.text)")
    }

    /// Values that come faster than frames are drawn at most once a frame's time, and a stream with nothing
    /// to read waits without a timeout: no CPU while idle.
    @Test func aFloodDrawsFewFramesAndAnIdleStreamWaitsWithoutATimeout() {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let source = MemoryStreamSource(Self.sine(0..<20_000))
        var watch = StreamWatch(models: [Self.streamed(.rnnTanh, hidden: 4)], source: "stdin", stopsOnProblem: false)
        var framesAfterFlood = 0, unlimitedBefore = 0
        terminal.at(1000, .run {
            framesAfterFlood = terminal.frames.count
            unlimitedBefore = terminal.unlimitedWaits
        })
        terminal.at(60_000, keys: [.character("q")])
        _ = StreamRuntime(forceASCII: false).run(&watch, from: source, on: terminal)
        #expect(source.taken == 20_000)
        #expect(framesAfterFlood <= 3, "\(framesAfterFlood) frames for a flood the clock did not see pass")
        #expect(terminal.frames.count == framesAfterFlood, "an idle stream drew \(terminal.frames.count - framesAfterFlood) frames")
        #expect(unlimitedBefore >= 1, "the idle stream waited with a timeout")
    }

    /// `--rate` lets values through at a steady pace: about ten in the first second at 10 a second.
    @Test func aRateLetsValuesThroughAtItsPace() {
        let terminal = MemoryTerminal(width: 80, height: 24)
        let source = MemoryStreamSource(Self.sine(0..<100))
        var watch = StreamWatch(models: [Self.streamed(.lstm)], source: "stdin", stopsOnProblem: false)
        var afterOneSecond = 0
        terminal.at(1000, .run { afterOneSecond = source.taken })
        terminal.at(1001, keys: [.character("q")])
        _ = StreamRuntime(forceASCII: false, rate: 10).run(&watch, from: source, on: terminal)
        #expect((10...11).contains(afterOneSecond), "\(afterOneSecond) values in a second at 10 a second")
    }

    /// A real pipe: lines are read as they are written, a line too long is reported, and a last line
    /// without its newline still counts.
    @Test func aPipeIsReadAsItFills() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let source = DescriptorStreamSource(fd: ends[0])
        var watch = StreamWatch(models: [Self.streamed(.lstm)], source: "stdin", stopsOnProblem: false)
        func send(_ text: String) { _ = text.utf8CString.withUnsafeBufferPointer { write(ends[1], $0.baseAddress, $0.count - 1) } }
        #expect(source.feed(&watch, limit: 100) == (0, true), "an empty pipe gave something")
        send("1\n2\n")
        #expect(source.feed(&watch, limit: 100) == (2, true))
        send(String(repeating: "7", count: StreamValueParser.longestLine + 50) + "\n3")
        close(ends[1])
        var given = 0, more = true
        while more { (given, more) = { let r = source.feed(&watch, limit: 100); return (given + r.given, r.more) }() }
        #expect(given == 2 && watch.models[0].forecaster.count == 3 && watch.skipped == 1)
        #expect(watch.notice?.hasPrefix("stdin:3: ") == true, "\(watch.notice ?? "no notice")")
        #expect(source.descriptor == nil)
    }
}
