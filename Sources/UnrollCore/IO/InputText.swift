/// Quoting what a reader was given, in a message: short, on one line, and harmless to print.
public enum InputText {
    /// At most `limit` Unicode scalars of `text` (a character of a thousand combining marks counts as many),
    /// with control and formatting characters (escape sequences, line breaks, bidirectional overrides) shown
    /// as "?", as the explorer's `TerminalText` shows them, and "…" when it was cut.
    public static func excerpt(_ text: some StringProtocol, limit: Int = 40) -> String {
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return String(out) + "…" }
            out.append(isPrintable(scalar) ? scalar : "?")
            count += 1
        }
        return String(out)
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse: false
        default: true
        }
    }
}

/// A byte count for a message, in binary units: 512 bytes, 64 KiB, 2.4 GiB.
public func byteCountText(_ n: Int) -> String {
    let x = Double(n)
    if x < 1024 { return "\(n) bytes" }
    let kib = 1024.0, mib = kib * kib, gib = mib * kib
    let (value, unit) = x < mib ? (x / kib, "KiB") : x < gib ? (x / mib, "MiB") : (x / gib, "GiB")
    return value < 10 ? "\((value * 10).rounded() / 10) \(unit)" : "\(Int(value.rounded())) \(unit)"
}
