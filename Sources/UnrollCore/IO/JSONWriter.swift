extension JSONValue {
    /// The value as JSON text. Arrays of scalars stay on one line; objects and nested arrays are indented,
    /// so a trace reads well in a diff and stays compact.
    public func serialized(indent: Int = 0) -> String {
        var out = ""
        write(into: &out, indent: indent)
        return out
    }

    /// The value as JSON text on one line, with no spaces: one line per message in a session stream.
    public func serializedOnOneLine() -> String {
        var out = ""
        writeCompact(into: &out)
        return out
    }

    private func writeCompact(into out: inout String) {
        switch self {
        case .null, .bool, .number, .string: write(into: &out, indent: 0)
        case let .array(items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                item.writeCompact(into: &out)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (k, (key, value)) in members.enumerated() {
                if k > 0 { out += "," }
                Self.writeString(key, into: &out)
                out += ":"
                value.writeCompact(into: &out)
            }
            out += "}"
        }
    }

    private func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent), inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .number(n): out += n
        case let .string(s): Self.writeString(s, into: &out)
        case let .array(items):
            let flat = items.allSatisfy {
                switch $0 { case .array, .object: false; default: true }
            }
            if items.isEmpty { out += "[]"; return }
            if flat {
                out += "["
                for (k, item) in items.enumerated() {
                    if k > 0 { out += ", " }
                    item.write(into: &out, indent: indent + 1)
                }
                out += "]"
            } else {
                out += "[\n"
                for (k, item) in items.enumerated() {
                    out += inner
                    item.write(into: &out, indent: indent + 1)
                    out += k + 1 < items.count ? ",\n" : "\n"
                }
                out += pad + "]"
            }
        case let .object(members):
            if members.isEmpty { out += "{}"; return }
            out += "{\n"
            for (k, (key, value)) in members.enumerated() {
                out += inner
                Self.writeString(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent + 1)
                out += k + 1 < members.count ? ",\n" : "\n"
            }
            out += pad + "}"
        }
    }

    private static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
