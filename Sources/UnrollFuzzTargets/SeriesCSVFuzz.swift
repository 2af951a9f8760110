import UnrollCore

/// A user's series file (`--data FILE.csv`): `SeriesTable.read` on the text, the column chosen by the first
/// byte (its place 1 to 3, or the names "value" and "time"), the target the same column or the next one.
enum SeriesCSVFuzz {
    static let target = FuzzTarget(name: "csv", summary: "SeriesTable.read on a CSV text, columns chosen by the first byte") { bytes throws(FuzzProblem) in
        try run(bytes)
    }

    static func run(_ bytes: [UInt8]) throws(FuzzProblem) {
        let clock = FuzzClock("csv", seconds: 0.5)
        let pick = Int(bytes.first ?? 0)
        let choices: [ColumnChoice] = [.place(1), .place(2), .place(3), .name("value"), .name("time")]
        let column = choices[pick % choices.count]
        let target: ColumnChoice? = pick & 0x80 != 0 ? choices[(pick + 1) % choices.count] : nil
        let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
        do {
            let table = try SeriesTable.read(text: text, file: "series.csv", column: column, target: target)
            if table.inputs.count != table.targets.count || table.inputs.count < 2 {
                throw FuzzProblem("SeriesTable.read", "a series of the wrong length", "\(table.inputs.count) inputs, \(table.targets.count) targets")
            }
            if !(table.inputs + table.targets).allSatisfy(\.isFinite) {
                throw FuzzProblem("SeriesTable.read", "a value that is not finite")
            }
        } catch let error as SeriesFileError {
            try FuzzChecks.message(error.description, "SeriesTable.read")
            if !error.description.hasPrefix("series.csv") {
                throw FuzzProblem("SeriesTable.read", "an error that does not name the file", error.description)
            }
        } catch let problem as FuzzProblem {
            throw problem
        } catch {
            throw FuzzProblem("SeriesTable.read", "an error of another type", "\(error)")
        }
        try clock.check("reading the series")
    }
}
