/// One mouse report from the terminal (xterm's SGR 1006 form or the old X10 form), decoded whole.
public struct MouseEvent: Hashable, Sendable {
    /// What happened.
    public enum Kind: Hashable, Sendable {
        /// A button went down: 0 left, 1 middle, 2 right, 7…10 the extra buttons 8…11.
        case press(Int)
        /// A button came up (X10 does not say which).
        case release
        /// The wheel turned one notch.
        case wheelUp, wheelDown, wheelLeft, wheelRight
        /// The pointer moved with a button held (or none), where the terminal reports motion.
        case motion
    }

    public var kind: Kind
    /// The cell, 0-based from the top left.
    public var x: Int, y: Int
    /// Modifier keys held (terminals keep some for themselves, such as Shift for selecting text).
    public var shift: Bool, alt: Bool, control: Bool

    public init(_ kind: Kind, x: Int, y: Int, shift: Bool = false, alt: Bool = false, control: Bool = false) {
        self.kind = kind
        self.x = x
        self.y = y
        self.shift = shift
        self.alt = alt
        self.control = control
    }

    /// A left-button press at (x, y): what a click acts on.
    public static func click(_ x: Int, _ y: Int) -> MouseEvent { MouseEvent(.press(0), x: x, y: y) }

    /// Whether this is a left-button press.
    public var isClick: Bool { kind == .press(0) }

    /// The largest coordinate a report may carry: more than any terminal has columns, and far from overflow.
    public static let largestCoordinate = 10_000

    /// The event an SGR report spells: `ESC [ < b ; x ; y M` (press, wheel, motion) or `… m` (release), given
    /// what comes between `<` and the final byte. Nil for anything malformed: not three decimal numbers,
    /// a coordinate of 0 or past `largestCoordinate`, a button code past 255.
    public static func sgr(parameters: Substring, final: Character) -> MouseEvent? {
        guard final == "M" || final == "m" else { return nil }
        let fields = parameters.split(separator: ";", omittingEmptySubsequences: false)
        guard fields.count == 3 else { return nil }
        var numbers: [Int] = []
        for field in fields {
            // At most five digits: no overflow, and nothing a real terminal sends is longer.
            guard !field.isEmpty, field.count <= 5, field.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(field) else { return nil }
            numbers.append(n)
        }
        let (code, x, y) = (numbers[0], numbers[1], numbers[2])
        guard code <= 255, (1...largestCoordinate).contains(x), (1...largestCoordinate).contains(y) else { return nil }
        return decode(code: code, x: x - 1, y: y - 1, released: final == "m")
    }

    /// The event an X10 report spells: `ESC [ M` and three bytes, each 32 plus the button code, the column
    /// and the row (1-based). Nil when a byte is below 32 (no terminal sends that; it was typed).
    public static func x10(_ b: Int, _ x: Int, _ y: Int) -> MouseEvent? {
        guard b >= 32, x >= 33, y >= 33, b <= 255, x <= 255, y <= 255 else { return nil }
        let code = b - 32
        // X10 says "a button came up" as button 3, with no word of which.
        if code & 0b1100_0011 == 3 { return MouseEvent(.release, x: x - 33, y: y - 33, shift: code & 4 != 0, alt: code & 8 != 0, control: code & 16 != 0) }
        return decode(code: code, x: x - 33, y: y - 33, released: false)
    }

    /// The button code's meaning (xterm's ctlseqs): the low two bits and bits 6–7 the button, 4 Shift,
    /// 8 Meta, 16 Control, 32 motion.
    static func decode(code: Int, x: Int, y: Int, released: Bool) -> MouseEvent {
        let low = code & 3, high = code & 0b1100_0000
        let kind: Kind
        if released {
            kind = .release
        } else if code & 32 != 0 {
            kind = .motion
        } else if high == 64 {
            kind = [Kind.wheelUp, .wheelDown, .wheelLeft, .wheelRight][low]
        } else if high == 128 {
            kind = .press(7 + low)
        } else if high == 0 {
            kind = low == 3 ? .release : .press(low)
        } else {
            kind = .press(11 + low)
        }
        return MouseEvent(kind, x: x, y: y, shift: code & 4 != 0, alt: code & 8 != 0, control: code & 16 != 0)
    }
}

extension MouseEvent: CustomStringConvertible {
    /// "click at (12, 4)", "wheelDown at (3, 9)": for reports of what a test or the monkey did.
    public var description: String {
        let what = switch kind {
        case .press(0): "click"
        case let .press(button): "button \(button + 1)"
        case .release: "release"
        case .wheelUp: "wheel up"
        case .wheelDown: "wheel down"
        case .wheelLeft: "wheel left"
        case .wheelRight: "wheel right"
        case .motion: "motion"
        }
        return what + " at (\(x), \(y))"
    }
}

/// What one read of the terminal gives the program: keys and mouse events, in the order they came.
public enum InputEvent: Hashable, Sendable, CustomStringConvertible {
    case key(Key)
    case mouse(MouseEvent)

    /// The key, if this is one.
    public var key: Key? { if case let .key(k) = self { k } else { nil } }
    /// The mouse event, if this is one.
    public var mouse: MouseEvent? { if case let .mouse(m) = self { m } else { nil } }

    /// The key's name, or the mouse event described.
    public var description: String {
        switch self {
        case let .key(key): key.name
        case let .mouse(mouse): mouse.description
        }
    }
}
