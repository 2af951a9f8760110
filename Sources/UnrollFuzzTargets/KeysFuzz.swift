import UnrollCore
import UnrollExplorer

/// Terminal input end to end, on every screen: bytes as the terminal delivers them become key codes,
/// `KeySequenceFilter` reads of keys and mouse events, the key table's and `MouseBindings`' actions (a
/// mouse event on the regions of the frame before it) and `update`, and each read ends with a frame
/// rendered at a size the input picks (1x1 to 300x120, below 80x24 included).
///
/// The input: the first byte picks the start (its low seven bits modulo 7: free play, a lesson, home,
/// training, the race, a follower, a replay; the rest of them the lesson or recording) and the theme (the
/// high bit: ASCII). Then the bytes are the terminal's, as curses' `wgetch` hands them on (mouse reports
/// among them, SGR `ESC [ < b ; x ; y M` and X10 `ESC [ M b x y`), except that the bytes UTF-8 never uses
/// stand for what curses decodes (arrows, Home, End, pages, Enter, Back-Tab, the bracketed-paste markers),
/// and 0xFF for a resize. A read ends after 1 to 16 codes, as the low bits of its first code say; time
/// between reads is 0 to 150 ms, as the last code of a read says.
enum KeysFuzz {
    static let target = FuzzTarget(name: "keys", summary: "bytes to key codes, KeyDecoder, KeySequenceFilter, KeyBindings, update and render, on every screen") { bytes throws(FuzzProblem) in
        FuzzLibrary.warmUp()
        try run(bytes)
    }

    /// Seconds one key may take in a release build (a model recomputed at the settings' largest size).
    static let secondsPerKey = 1.0

    /// The curses codes the bytes UTF-8 never uses stand for (ncurses.h), offset as `KeyDecoder` takes
    /// them: KEY_DOWN, KEY_UP, KEY_LEFT, KEY_RIGHT, KEY_HOME, KEY_END, KEY_NPAGE, KEY_PPAGE, KEY_ENTER, KEY_BTAB;
    /// then the paste markers.
    static let cursesKeys: [Int32] = [0o402, 0o403, 0o404, 0o405, 0o406, 0o550, 0o522, 0o523, 0o527, 0o541].map { Int32(KeyDecoder.curses) + $0 }
        + [pasteStart, pasteEnd]
    /// Codes that stand for what the terminal runtime takes before the decoder: a resize (curses'
    /// KEY_RESIZE) and the bracketed-paste markers (the keys the terminal shim defines for them).
    static let resize: Int32 = -1, pasteStart: Int32 = -2, pasteEnd: Int32 = -3

    /// Sizes a resize picks from: the smallest, just below and at the explorer's 80x24, common ones, huge.
    static let sizes: [(Int, Int)] = [(1, 1), (2, 40), (20, 5), (79, 24), (80, 23), (80, 24), (81, 25), (100, 30), (120, 40),
                                      (132, 43), (200, 60), (300, 120), (300, 1), (1, 120), (45, 90), (160, 24)]

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        guard let first = bytes.first else { return }
        let start = StartScreen(rawValue: Int(first & 0x7F) % StartScreen.allCases.count)!
        let theme = first & 0x80 == 0 ? Theme.plainUnicode : Theme.plainASCII
        var driver = ScreenDriver(start, lessonIndex: Int(first & 0x7F) / StartScreen.allCases.count)
        driver.trainingStepsPerTick = 1
        var filter = KeySequenceFilter()
        var size = sizes[5]
        var time = Duration.zero
        // The frame a click lands on: the one drawn before it.
        var regions = driver.render(width: size.0, height: size.1, theme: theme).regions
        let codes = Self.codes(Array(bytes.dropFirst()))
        var position = 0
        while position < codes.count {
            let length = 1 + Int(codes[position] & 15)
            let read = codes[position..<min(position + length, codes.count)]
            position += length
            var keyCodes: [Int32] = []
            for (k, code) in read.enumerated() {
                if code == resize {
                    let pick = read.dropFirst(k + 1).first ?? 0
                    size = sizes[Int(UInt32(bitPattern: pick) % UInt32(sizes.count))]
                } else {
                    keyCodes.append(code)
                }
            }
            for event in Self.events(keyCodes, through: &filter, at: time) {
                let clock = FuzzClock("keys", seconds: secondsPerKey)
                driver.take(event, regions: regions)
                try clock.check("the \(event) on the \(start) screen")
            }
            driver.tick()
            if let problem = driver.problem { throw problem }
            let canvas = driver.render(width: size.0, height: size.1, theme: theme)
            try FuzzChecks.canvas(canvas, width: size.0, height: size.1, "render \(size.0)x\(size.1) from \(start)")
            regions = canvas.regions
            time += .milliseconds(Int(read.last! & 0xFF) * 150 / 255)
        }
        // Whatever came before, Ctrl-C typed a second later comes through and quits (or, in the kiosk, goes home).
        let later = Self.read([3], through: &filter, at: time + .seconds(1))
        guard later == [.control("c")] else {
            throw FuzzProblem("KeySequenceFilter", "Ctrl-C a second later did not come through", "it came through as \(later)")
        }
        let restarts = driver.restarts
        driver.press(.control("c"))
        guard driver.restarts > restarts || (start == .home && driver.viewer == nil && driver.explorer.screen == .home) else {
            throw FuzzProblem("ScreenDriver", "Ctrl-C did not quit", "from the \(start) screen")
        }
    }

    /// The keys one read of `codes` gives, as the terminal runtime gets them (`TerminalSession.input`), with
    /// mouse events left out.
    static func read(_ codes: [Int32], through filter: inout KeySequenceFilter, at time: Duration) -> [Key] {
        events(codes, through: &filter, at: time).compactMap(\.key)
    }

    /// The keys and mouse events one read of `codes` gives, as the terminal runtime gets them
    /// (`TerminalSession.input`): bytes, paste markers and decoded keys, then filtered.
    static func events(_ codes: [Int32], through filter: inout KeySequenceFilter, at time: Duration) -> [InputEvent] {
        let inputs: [KeySequenceFilter.Input] = codes.compactMap { code in
            code == pasteStart ? .pasteStart : code == pasteEnd ? .pasteEnd : KeyDecoder.input(code)
        }
        return filter.events(inputs, at: time)
    }

    /// The codes `bytes` stand for: a byte UTF-8 never uses is a curses key, a paste marker or a resize;
    /// any other byte is itself, as `wgetch` returns it.
    static func codes(_ bytes: [UInt8]) -> [Int32] {
        bytes.map { b in
            if b == 0xFF { return resize }
            if b == 0xC0 || b == 0xC1 || b >= 0xF5 { return cursesKeys[b >= 0xF5 ? Int(b - 0xF5) + 2 : Int(b - 0xC0)] }
            return Int32(b)
        }
    }
}
