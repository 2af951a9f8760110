/// Turns each read of the terminal into the keys a person typed. It drops escape sequences that reach the
/// program as loose keys (a terminal's reports: mouse, focus, cursor position; sequences for keys curses
/// does not know; OSC/DCS strings; Alt and a key), bracketed pastes, and floods.
///
/// Nothing it is given can make keys go dead for long: a terminal sends a report in one write, so a string
/// still open when its read ends is abandoned there, a control sequence is carried into the next read
/// only within `sequenceDeadline`, and a paste only within `pasteDeadline` of its opening marker; after
/// that what arrives counts as keys again. A read that holds a paste marker is a paste burst and is dropped whole,
/// so text after an end marker embedded in the pasted text never becomes keys.
public struct KeySequenceFilter: Sendable {
    /// What one read of the terminal held: keys, and the bracketed-paste markers curses decoded.
    public enum Input: Equatable, Sendable {
        case key(Key)
        case pasteStart, pasteEnd
    }

    private enum Mode: Equatable, Sendable {
        case normal
        case afterEscape
        /// Control sequence: parameter and intermediate bytes until a final byte; the first few kept to
        /// recognise the paste markers (ESC [ 200 ~, ESC [ 201 ~) when curses did not.
        case controlSequence(parameters: String)
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

    /// How long a sequence left open at the end of a read may go on in later reads.
    public static let sequenceDeadline = Duration.milliseconds(50)
    /// How long after its opening marker a paste without its end marker keeps swallowing reads.
    public static let pasteDeadline = Duration.milliseconds(100)
    /// More keys than this in one read is more than a person types between two frames: a paste into a
    /// terminal without bracketed paste, or a flood. The whole read is dropped.
    public static let keysPerRead = 32

    public init() {}

    /// The keys of one read of plain keys (no paste markers) at `time` (from any fixed origin).
    public mutating func filter(_ keys: [Key], at time: Duration) -> [Key] { filter(keys.map(Input.key), at: time) }

    /// The keys of one read at `time` (from any fixed origin, never going back) that are really keys.
    public mutating func filter(_ read: [Input], at time: Duration) -> [Key] {
        if let since = pasteSince, time - since > Self.pasteDeadline { pasteSince = nil }
        if mode != .normal && time - sequenceSince > Self.sequenceDeadline { mode = .normal }
        var out: [Key] = []
        var lastMarker: Input? = nil
        for input in read {
            switch input {
            case .pasteStart, .pasteEnd:
                lastMarker = input
                mode = .normal
            case let .key(key):
                if mode == .normal { sequenceSince = time }
                if let marker = step(key, into: &out) { lastMarker = marker }
            }
        }
        // An Escape with nothing after it in this read is the key itself (curses waited for more already).
        if mode == .afterEscape {
            out.append(.escape)
            mode = .normal
        }
        // A string is a terminal's answer to a query, sent in one write; one still open here was a person's
        // Alt-] or Alt-P, and the next read is keys.
        if case .string = mode { mode = .normal }
        if let lastMarker {
            // A paste burst: nothing in this read is typed; an opening marker without its end swallows the
            // reads that follow, for a moment.
            pasteSince = lastMarker == .pasteStart ? time : nil
            mode = .normal
            return []
        }
        if pasteSince != nil { mode = .normal; return [] }
        return out.count > Self.keysPerRead ? [] : out
    }

    /// Advances the sequence state by one key, appending it to `out` if it is typed; returns a paste marker
    /// that a completed control sequence spelled.
    private mutating func step(_ key: Key, into out: inout [Key]) -> Input? {
        let scalar: Unicode.Scalar? = if case let .character(c) = key, c.unicodeScalars.count == 1 { c.unicodeScalars.first } else { nil }
        // Reports hold only printable ASCII between their introducer and end; anything else (a control key,
        // an arrow curses decoded) was typed by a person, and breaks the sequence off.
        let printable = scalar.map { (0x20...0x7E).contains($0.value) } ?? false
        switch mode {
        case .normal:
            if key == .escape { mode = .afterEscape } else { out.append(key) }
        case .afterEscape:
            switch scalar {
            case "["?: mode = .controlSequence(parameters: "")
            case "O"?: mode = .singleShift
            case "]"?, "P"?, "_"?, "^"?: mode = .string(sawEscape: false)
            default:
                if key == .escape {
                    out.append(.escape)
                } else {
                    // Alt and a character is dropped; Escape and a named key (Ctrl-C, an arrow) are both keys.
                    mode = .normal
                    if case .character = key {} else { out += [.escape, key] }
                }
            }
        case let .controlSequence(parameters):
            guard printable, let v = scalar?.value else {
                mode = .normal
                if key == .escape { mode = .afterEscape } else { out.append(key) }
                return nil
            }
            if (0x20...0x3F).contains(v) {
                mode = .controlSequence(parameters: parameters.count < 8 ? parameters + String(Character(scalar!)) : parameters)
            } else {
                mode = .normal
                if v == 0x7E && parameters == "200" { return .pasteStart }
                if v == 0x7E && parameters == "201" { return .pasteEnd }
            }
        case .singleShift:
            mode = .normal
            if !printable { out.append(key) }
        case let .string(sawEscape):
            if sawEscape {
                // ESC \ ends the string; ESC and anything else ends it and begins a new sequence.
                mode = .afterEscape
                if scalar == "\\" { mode = .normal } else { return step(key, into: &out) }
            } else if key == .escape {
                mode = .string(sawEscape: true)
            } else if key == .control("g") || key == .control("x") || key == .control("z") {
                // BEL ends the string; CAN and SUB cancel it.
                mode = .normal
            } else if !printable, scalar.map({ $0.value < 0x80 }) ?? true {
                mode = .normal
                out.append(key)
            }
        }
        return nil
    }
}
