/// Turns what the terminal read into a `Key`: characters, and the curses key codes the terminal shim
/// offsets past Unicode. Returns nil for anything the explorer has no name for.
///
/// The terminal reads bytes (curses' `wgetch`), not characters: `KeySequenceFilter` puts UTF-8 together
/// itself, so an invalid byte is dropped instead of stopping input (curses' `get_wch` returns an error for
/// it for ever after), and an X10 mouse report's raw coordinates stay bytes.
public enum KeyDecoder {
    /// Curses key codes arrive as this plus the code, apart from every Unicode character.
    public static let curses = 0x110000
    // Curses key codes (ncurses.h): KEY_DOWN 0402, KEY_UP 0403, KEY_LEFT 0404, KEY_RIGHT 0405, KEY_HOME 0406,
    // KEY_BACKSPACE 0407, KEY_F0 0410, KEY_NPAGE 0522, KEY_PPAGE 0523, KEY_ENTER 0527, KEY_BTAB 0541, KEY_END 0550.
    /// The key a code stands for, or nil.
    public static func decode(_ code: Int32) -> Key? {
        let c = Int(code)
        if c >= curses {
            switch c - curses {
            case 0o402: return .down
            case 0o403: return .up
            case 0o404: return .left
            case 0o405: return .right
            case 0o406: return .home
            case 0o407: return .backspace
            case 0o522: return .pageDown
            case 0o523: return .pageUp
            case 0o527: return .enter
            case 0o541: return .backTab
            case 0o550: return .end
            case 0o411...0o424: return .function(c - curses - 0o410)
            default: return nil
            }
        }
        switch c {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(c + 96))))
        default:
            guard c >= 0, let scalar = Unicode.Scalar(UInt32(c)), !scalar.properties.isWhitespace || c == 32,
                  scalar.properties.generalCategory != .control else { return nil }
            return .character(Character(scalar))
        }
    }

    /// What the filter takes for one code the terminal shim read: a byte (0…255) as it is, a curses key
    /// code as its key; nil for a key code the explorer has no name for.
    public static func input(_ code: Int32) -> KeySequenceFilter.Input? {
        if (0...0xFF).contains(code) { return .byte(UInt8(code)) }
        return decode(code).map(KeySequenceFilter.Input.key)
    }

    /// What one read of `bytes` gives when nothing decodes key sequences (as curses leaves every sequence it
    /// does not know). For tests and fuzzing the filter.
    public static func inputs(fromBytes bytes: [UInt8]) -> [KeySequenceFilter.Input] { bytes.map(KeySequenceFilter.Input.byte) }
}
