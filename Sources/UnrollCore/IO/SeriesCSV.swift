import SwiftCSV

/// A column of a CSV file, chosen on the command line by its header name or by its place (1 for the first,
/// as `cut -f` counts).
public enum ColumnChoice: Equatable, Sendable {
    case name(String)
    case place(Int)
    /// The rightmost column, which a file of time and value has its values in (no --column given).
    case last

    /// "3" is the third column, anything else a header name.
    public init(_ text: String) {
        if let n = Int(text), n >= 1 { self = .place(n) } else { self = .name(text) }
    }
}

/// A time series read from a user's CSV file: the column a model reads and the column it forecasts one step
/// ahead (the same column unless `--target` names another), one value a row, in the file's order.
public struct SeriesTable: Equatable, Sendable {
    /// The header of the column read and of the column forecast.
    public let inputName: String, targetName: String
    /// The values, one a row that holds data.
    public let inputs: [Float], targets: [Float]

    /// Files longer than this are refused with their size before they are read: 16 MiB, about a million rows.
    public static let fileLimit = 16 << 20
}

/// What is wrong with a series file, at the line where it is wrong.
public struct SeriesFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's name as the user gave it, the line (1 for the header; nil for the file as a whole) and
    /// what is wrong there.
    public let file: String, line: Int?, reason: String
    /// "file:line: reason".
    public var description: String { line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)" }
}

extension SeriesTable {
    /// Reads the file at `path` (refused above `fileLimit`) as `read(text:file:column:target:)` does.
    public static func read(path: String, column: ColumnChoice, target: ColumnChoice? = nil) throws(SeriesFileError) -> SeriesTable {
        let bytes: [UInt8]
        do {
            bytes = try TextFile.readBytes(path, limit: fileLimit, kind: "a series file")
        } catch {
            throw SeriesFileError(file: path, line: nil, reason: error.reason)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SeriesFileError(file: path, line: nil, reason: "is not UTF-8 text")
        }
        return try read(text: text, file: path, column: column, target: target)
    }

    /// The columns `column` and `target` (default: `column`) of CSV text whose first row is a header. Blank
    /// lines are skipped. Every problem names its line: an empty file, a first row of numbers (no header), a
    /// row with more or fewer fields than the header, a quote left open or in the middle of a field, a column
    /// the header does not have, a value in a chosen column that is not a finite number, fewer than two rows.
    public static func read(text: String, file: String, column: ColumnChoice, target: ColumnChoice? = nil) throws(SeriesFileError) -> SeriesTable {
        func problem(_ line: Int?, _ reason: String) -> SeriesFileError { SeriesFileError(file: file, line: line, reason: reason) }
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        // SwiftCSV splits rows at newlines outside quotes and hands each one over whole. It reports no line
        // numbers, so they are counted here: a row starts one line after the last one ended, plus the newlines
        // its quoted fields held.
        var rows: [(line: Int, fields: [String])] = []
        var nextLine = 1
        let parsed: Result<Void, Error> = Result {
            let csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false, rowLimit: 0)
            try csv.enumerateAsArray(startAt: 0, rowLimit: nil) { fields in
                rows.append((nextLine, fields))
                nextLine += 1 + fields.reduce(0) { $0 + $1.reduce(0) { $0 + ($1.isNewline ? 1 : 0) } }
            }
        }
        if case .failure = parsed {
            throw problem(nextLine, "a quote in the middle of a field (a field with a quote in it is written \"like \"\"this\"\"\")")
        }
        // An open quote swallows the rest of the file into the row it began in, which is then the last one.
        if text.reduce(0, { $0 + ($1 == "\"" ? 1 : 0) }) % 2 == 1, let last = rows.last {
            throw problem(last.line, "a quoted field is never closed")
        }
        rows.removeAll { $0.fields.count == 1 && $0.fields[0].allSatisfy(\.isWhitespace) }
        guard let header = rows.first else {
            throw problem(nil, "is empty: a series file has a header row naming its columns, then a row of values per step")
        }
        let names = header.fields.map { $0.trimmingWhitespace }
        // Names as messages show them: printable, short, and at most eight of them.
        func shown(_ name: String) -> String { "\"" + InputText.excerpt(name, limit: 30) + "\"" }
        let listed = names.prefix(8).map(shown).joined(separator: ", ") + (names.count > 8 ? ", …" : "")
        if names.allSatisfy({ Float($0) != nil }) {
            throw problem(header.line, "the first row is numbers, not a header: add a row naming the columns (\"time,value\")")
        }
        func place(_ choice: ColumnChoice, _ option: String) throws(SeriesFileError) -> Int {
            switch choice {
            case .last:
                return names.count - 1
            case let .place(n):
                guard n <= names.count else {
                    throw problem(header.line, "\(option) \(n) is past the last column: the header has \(names.count) (\(listed))")
                }
                return n - 1
            case let .name(name):
                guard let index = names.firstIndex(of: name) else {
                    throw problem(header.line, "no column \(shown(name)) for \(option): the header has \(listed)")
                }
                return index
            }
        }
        let input = try place(column, "--column"), output = try place(target ?? column, "--target")
        var inputs: [Float] = [], targets: [Float] = []
        for row in rows.dropFirst() {
            guard row.fields.count == names.count else {
                throw problem(row.line, "\(row.fields.count) field\(row.fields.count == 1 ? "" : "s") where the header has \(names.count)")
            }
            func value(_ index: Int) throws(SeriesFileError) -> Float {
                let field = row.fields[index].trimmingWhitespace
                guard let x = Float(field), x.isFinite else {
                    let what = field.isEmpty ? "is empty" : Float(field) == nil ? "\(shown(field)) is not a number"
                        : "\(field) is not a finite number"
                    throw problem(row.line, "column \(shown(names[index])): \(what)")
                }
                return x
            }
            inputs.append(try value(input))
            targets.append(try value(output))
        }
        guard inputs.count >= 2 else {
            throw problem(nil, "has \(inputs.count) row\(inputs.count == 1 ? "" : "s") of values: a series needs at least two")
        }
        return SeriesTable(inputName: names[input], targetName: names[output], inputs: inputs, targets: targets)
    }
}

private extension String {
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
