/// Turns each read of the terminal into the keys a person typed and the mouse events the terminal reported.
/// It puts UTF-8 characters together from the bytes, decodes mouse reports (SGR 1006 and X10) whole, and
/// drops everything else that reaches the program as loose bytes: other reports (focus, cursor position),
/// sequences for keys curses does not know, OSC/DCS strings, Alt and a key, invalid UTF-8, bracketed pastes,
/// and floods. A report is never taken apart into keys: in a lesson its digits would answer the question.
///
/// Nothing it is given can make keys go dead for long: a terminal sends a report in one write, so a string
/// still open when its read ends is abandoned there, a control sequence or a character is carried into the
/// next read only within `sequenceDeadline`, and a paste only within `pasteDeadline` of its opening marker;
/// after that what arrives counts as keys again, except the rest of an SGR mouse report cut off at the
/// deadline (`<`, digits and semicolons, up to its `M` or `m` if that came), which the next read may still
/// begin with and which is dropped: a digit typed then is lost, which is better than a report's digit
/// answering a lesson's question. (An X10 report's rest is three bytes like any others, and counts as keys.) A report
/// whose ESC came alone (curses waits 25 ms for the rest, then hands it on as the Escape key) is still
/// decoded whole when the next read begins with the rest, `[<` or `[M`. A read that holds a paste marker is a
/// paste burst and is dropped whole, so text after an end marker embedded in the pasted text never becomes keys.
public struct KeySequenceFilter: Sendable {
    /// What one read of the terminal held: bytes, the keys curses decoded, and the bracketed-paste markers.
    public enum Input: Equatable, Sendable {
        /// A byte as the terminal sent it (UTF-8, or a report's raw coordinates).
        case byte(UInt8)
        /// A key already decoded (by curses, or a test).
        case key(Key)
        case pasteStart, pasteEnd
    }

    private enum Mode: Equatable, Sendable {
        case normal
        case afterEscape
        /// Control sequence: parameter and intermediate bytes until a final byte; the first few kept to
        /// recognise mouse reports (ESC [ < …) and the paste markers (ESC [ 200 ~, ESC [ 201 ~) when curses
        /// did not, and whether any were left out.
        case controlSequence(parameters: String, cut: Bool)
        /// An X10 mouse report after its ESC [ M: the raw bytes so far (three in all).
        case x10([Int])
        /// One more character ends it (ESC O x).
        case singleShift
        /// A string (OSC, DCS, APC, PM) until BEL or ESC \.
        case string(sawEscape: Bool)
    }

    private var mode = Mode.normal
    /// When the sequence in `mode` began (an earlier read's time).
    private var sequenceSince = Duration.zero
    /// When the paste still open began, if one is.
    private var pasteSince: Duration? = nil
    /// The bytes of a UTF-8 character begun but not finished, and when it began.
    private var partial: [UInt8] = []
    private var partialSince = Duration.zero
    /// The last read ended with an Escape on its own.
    private var loneEscape = false

    /// How long a sequence left open at the end of a read may go on in later reads.
    public static let sequenceDeadline = Duration.milliseconds(50)
    /// How long after its opening marker a paste without its end marker keeps swallowing reads.
    public static let pasteDeadline = Duration.milliseconds(100)
    /// More events than this in one read is more than a person types or clicks between two frames: a paste
    /// into a terminal without bracketed paste, or a flood. The whole read is dropped.
    public static let keysPerRead = 32
    /// Parameter bytes kept of a control sequence: an SGR mouse report's longest (`<255;10000;10000`) fits.
    static let keptParameters = 24

    public init() {}

    /// The keys of one read of plain keys (no paste markers) at `time` (from any fixed origin).
    public mutating func filter(_ keys: [Key], at time: Duration) -> [Key] { filter(keys.map(Input.key), at: time) }

    /// The keys of one read at `time` (from any fixed origin, never going back) that are really keys; mouse
    /// events are decoded and left out.
    public mutating func filter(_ read: [Input], at time: Duration) -> [Key] { events(read, at: time).compactMap(\.key) }

    /// The keys and mouse events of one read at `time` (from any fixed origin, never going back).
    public mutating func events(_ read: [Input], at time: Duration) -> [InputEvent] {
        if let since = pasteSince, time - since > Self.pasteDeadline { pasteSince = nil }
        var cutReport = false
        if mode != .normal && time - sequenceSince > Self.sequenceDeadline {
            // ESC [ alone may be a report cut after its introducer.
            if case let .controlSequence(parameters, _) = mode, parameters.isEmpty || parameters.hasPrefix("<") { cutReport = true }
            mode = .normal
        }
        if !partial.isEmpty && time - partialSince > Self.sequenceDeadline { partial = [] }
        if loneEscape && mode == .normal && Self.beginsReportRest(read) {
            mode = .afterEscape
            sequenceSince = time
        }
        loneEscape = false
        var out: [InputEvent] = []
        var lastMarker: Input? = nil
        for input in cutReport ? Self.droppingReportTail(from: read) : read[...] {
            switch input {
            case .pasteStart, .pasteEnd:
                lastMarker = input
                mode = .normal
                partial = []
            case let .key(key):
                partial = []
                if mode == .normal { sequenceSince = time }
                if let marker = step(key, raw: Self.rawValue(of: key), into: &out) { lastMarker = marker }
            case let .byte(byte):
                if mode == .normal { sequenceSince = time }
                if case let .x10(values) = mode, byte >= 0x20 {
                    // A report's coordinates are raw bytes, not UTF-8.
                    collect(values, Int(byte), into: &out)
                } else if let key = character(byte, at: time) {
                    if let marker = step(key, raw: Self.rawValue(of: key), into: &out) { lastMarker = marker }
                }
            }
        }
        // An Escape with nothing after it in this read is the key itself (curses waited for more already).
        if mode == .afterEscape {
            out.append(.key(.escape))
            mode = .normal
            loneEscape = true
        }
        // A string is a terminal's answer to a query, sent in one write; one still open here was a person's
        // Alt-] or Alt-P, and the next read is keys.
        if case .string = mode { mode = .normal }
        if let lastMarker {
            // A paste burst: nothing in this read is typed; an opening marker without its end swallows the
            // reads that follow, for a moment.
            pasteSince = lastMarker == .pasteStart ? time : nil
            mode = .normal
            partial = []
            return []
        }
        if pasteSince != nil { mode = .normal; partial = []; return [] }
        return out.count > Self.keysPerRead ? [] : out
    }

    /// The read without the rest of an SGR mouse report cut off at the end of the last one: its leading `<`,
    /// digits and semicolons, and the `M` or `m` after them.
    private static func droppingReportTail(from read: [Input]) -> ArraySlice<Input> {
        let values = read.map { input -> Int? in
            switch input {
            case let .byte(b): Int(b)
            case let .key(key): rawValue(of: key)
            case .pasteStart, .pasteEnd: nil
            }
        }
        let body = values.prefix { v in v.map { (0x30...0x3C).contains($0) } ?? false }.count
        if body < values.count, let end = values[body], end == 0x4D || end == 0x6D { return read.dropFirst(body + 1) }
        return read.dropFirst(body)
    }

    /// Whether a read begins as the rest of a mouse report after its ESC: `[<` (SGR) or `[M` (X10).
    private static func beginsReportRest(_ read: [Input]) -> Bool {
        let first = read.prefix(2).map { input -> Int? in
            switch input {
            case let .byte(b): Int(b)
            case let .key(key): rawValue(of: key)
            case .pasteStart, .pasteEnd: nil
            }
        }
        return first.count == 2 && first[0] == 0x5B && (first[1] == 0x3C || first[1] == 0x4D)
    }

    /// The byte value a key stands for when it is one character from U+0000 to U+00FF (a test's way of
    /// giving a report's bytes), else nil.
    private static func rawValue(of key: Key) -> Int? {
        guard case let .character(c) = key, c.unicodeScalars.count == 1, let v = c.unicodeScalars.first?.value, v <= 0xFF else { return nil }
        return Int(v)
    }

    /// Puts a UTF-8 character together a byte at a time: the key it is once whole, or nil (not yet, not a
    /// key, or invalid UTF-8, which is dropped).
    private mutating func character(_ byte: UInt8, at time: Duration) -> Key? {
        if !partial.isEmpty {
            if (0x80...0xBF).contains(byte) {
                partial.append(byte)
                let needed = partial[0] < 0xE0 ? 2 : partial[0] < 0xF0 ? 3 : 4
                guard partial.count == needed else { return nil }
                let bytes = partial
                partial = []
                guard let scalar = String(validating: bytes, as: UTF8.self)?.unicodeScalars.first else { return nil }
                return KeyDecoder.decode(Int32(bitPattern: scalar.value))
            }
            // Not a continuation: the character begun is dropped, and this byte starts afresh.
            partial = []
        }
        if byte < 0x80 { return KeyDecoder.decode(Int32(byte)) }
        if (0xC2...0xF4).contains(byte) {
            partial = [byte]
            partialSince = time
        }
        return nil
    }

    /// Advances the sequence state by one key (`raw`: the byte value it stands for, if any), appending what
    /// it completes (a typed key, a mouse event) to `out`; returns a paste marker that a completed control
    /// sequence spelled.
    private mutating func step(_ key: Key, raw: Int?, into out: inout [InputEvent]) -> Input? {
        let scalar: Unicode.Scalar? = if case let .character(c) = key, c.unicodeScalars.count == 1 { c.unicodeScalars.first } else { nil }
        // Reports hold only printable ASCII between their introducer and end; anything else (a control key,
        // an arrow curses decoded) was typed by a person, and breaks the sequence off.
        let printable = scalar.map { (0x20...0x7E).contains($0.value) } ?? false
        switch mode {
        case .normal:
            if key == .escape { mode = .afterEscape } else { out.append(.key(key)) }
        case .afterEscape:
            switch scalar {
            case "["?: mode = .controlSequence(parameters: "", cut: false)
            case "O"?: mode = .singleShift
            case "]"?, "P"?, "_"?, "^"?: mode = .string(sawEscape: false)
            default:
                if key == .escape {
                    out.append(.key(.escape))
                } else {
                    // Alt and a character is dropped; Escape and a named key (Ctrl-C, an arrow) are both keys.
                    mode = .normal
                    if case .character = key {} else { out += [.key(.escape), .key(key)] }
                }
            }
        case let .controlSequence(parameters, cut):
            guard printable, let v = scalar?.value else {
                mode = .normal
                if key == .escape { mode = .afterEscape } else { out.append(.key(key)) }
                return nil
            }
            if (0x20...0x3F).contains(v) {
                let keeps = parameters.count < Self.keptParameters
                mode = .controlSequence(parameters: keeps ? parameters + String(Character(scalar!)) : parameters, cut: cut || !keeps)
            } else {
                mode = .normal
                if v == 0x7E && parameters == "200" { return .pasteStart }
                if v == 0x7E && parameters == "201" { return .pasteEnd }
                if v == 0x4D && parameters.isEmpty { mode = .x10([]) }
                if parameters.hasPrefix("<"), !cut, let event = MouseEvent.sgr(parameters: parameters.dropFirst(), final: Character(scalar!)) {
                    out.append(.mouse(event))
                }
            }
        case let .x10(values):
            guard let raw, raw >= 0x20 else {
                // Typed, not reported: the report is dropped and the key counts.
                mode = .normal
                return step(key, raw: raw, into: &out)
            }
            collect(values, raw, into: &out)
        case .singleShift:
            mode = .normal
            if !printable { out.append(.key(key)) }
        case let .string(sawEscape):
            if sawEscape {
                // ESC \ ends the string; ESC and anything else ends it and begins a new sequence.
                mode = .afterEscape
                if scalar == "\\" { mode = .normal } else { return step(key, raw: raw, into: &out) }
            } else if key == .escape {
                mode = .string(sawEscape: true)
            } else if key == .control("g") || key == .control("x") || key == .control("z") {
                // BEL ends the string; CAN and SUB cancel it.
                mode = .normal
            } else if !printable, scalar.map({ $0.value < 0x80 }) ?? true {
                mode = .normal
                out.append(.key(key))
            }
        }
        return nil
    }

    /// Takes one more byte of an X10 report; the third completes it.
    private mutating func collect(_ values: [Int], _ raw: Int, into out: inout [InputEvent]) {
        guard values.count == 2 else {
            mode = .x10(values + [raw])
            return
        }
        mode = .normal
        if let event = MouseEvent.x10(values[0], values[1], raw) { out.append(.mouse(event)) }
    }
}
