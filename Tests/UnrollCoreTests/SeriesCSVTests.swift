import Foundation
import Testing
@testable import UnrollCore

/// A user's CSV series: the columns chosen by name or place, and every malformed file answered with
/// `file:line: what is wrong` at the line where it is wrong.
@Suite struct SeriesCSVTests {
    func read(_ text: String, _ column: String = "value", target: String? = nil) throws(SeriesFileError) -> SeriesTable {
        try SeriesTable.read(text: text, file: "s.csv", column: ColumnChoice(column), target: target.map(ColumnChoice.init))
    }

    func problem(_ text: String, _ column: String = "value", target: String? = nil) -> String? {
        do {
            _ = try read(text, column, target: target)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func columnsAreChosenByNameOrPlace() throws {
        let text = "time,value,other\n1,0.5,10\n2,-1.25,20\n3,3e2,30\n"
        let byName = try read(text)
        #expect(byName.inputs == [0.5, -1.25, 300] && byName.targets == byName.inputs && byName.inputName == "value")
        #expect(try read(text, "2") == byName)
        let other = try read(text, "value", target: "3")
        #expect(other.targets == [10, 20, 30] && other.targetName == "other" && other.inputs == byName.inputs)
    }

    /// A byte-order mark, CRLF line ends, spaces around fields, blank lines and a quoted header are all read.
    @Test func everydayVariationsRead() throws {
        let table = try read("\u{FEFF}\"time\", \"value\"\r\n1, 2\r\n\r\n2 ,3\r\n")
        #expect(table.inputs == [2, 3])
    }

    /// A quoted field may hold newlines: the lines after it are still counted right.
    @Test func linesAreCountedThroughQuotedNewlines() {
        #expect(problem("note,value\n\"two\nlines\",1\nok,x\n") == "s.csv:4: column \"value\": \"x\" is not a number")
    }

    @Test(arguments: [
        ("", "s.csv: is empty: a series file has a header row naming its columns, then a row of values per step"),
        ("\n\n", "s.csv: is empty: a series file has a header row naming its columns, then a row of values per step"),
        ("1,2\n3,4\n", "s.csv:1: the first row is numbers, not a header: add a row naming the columns (\"time,value\")"),
        ("time,value\n1,2\n3\n", "s.csv:3: 1 field where the header has 2"),
        ("time,value\n1,2\n3,4,5\n", "s.csv:3: 3 fields where the header has 2"),
        ("time,value\n1,2\n\"3,4\n5,6\n", "s.csv:3: a quoted field is never closed"),
        ("time,value\n1,2\n3,4\"5\n", "s.csv:3: a quote in the middle of a field (a field with a quote in it is written \"like \"\"this\"\"\")"),
        ("time,value\n1,2\n3,abc\n", "s.csv:3: column \"value\": \"abc\" is not a number"),
        ("time,value\n1,\n", "s.csv:2: column \"value\": is empty"),
        ("time,value\n1,nan\n2,3\n", "s.csv:2: column \"value\": nan is not a finite number"),
        ("time,value\n1,2\n", "s.csv: has 1 row of values: a series needs at least two"),
        ("time,level\n1,2\n2,3\n", "s.csv:1: no column \"value\" for --column: the header has \"time\", \"level\""),
    ])
    func aMalformedFileNamesItsLine(text: String, expected: String) {
        #expect(problem(text) == expected)
    }

    @Test func aColumnPastTheLastIsNamed() {
        #expect(problem("time,value\n1,2\n2,3\n", "3") == "s.csv:1: --column 3 is past the last column: the header has 2 (\"time\", \"value\")")
        #expect(problem("time,value\n1,2\n2,3\n", target: "level") == "s.csv:1: no column \"level\" for --target: the header has \"time\", \"value\"")
    }

    /// Control characters and very long fields never make a message longer than a line.
    @Test func messagesStayOnePrintableLine() throws {
        let long = String(repeating: "z", count: 500)
        let message = try #require(problem("time,value\n1,\u{1B}[2J\(long)\n"))
        #expect(message.count < 120 && !message.unicodeScalars.contains { $0.value < 0x20 }, "\(message)")
        // C1 controls (U+0080–U+009F) in a header a column is looked up in.
        let header = try #require(problem("ti\u{93}me,\u{9B}2J\n1,2\n2,3\n"))
        #expect(header == "s.csv:1: no column \"value\" for --column: the header has \"ti?me\", \"?2J\"", "\(header)")
    }

    /// A file over the limit is refused with its size before it is read (a sparse 1 GB file here).
    @Test func aHugeFileIsRefusedWithItsSize() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-series-\(getpid()).csv").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("time,value\n".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(truncate(path, 1 << 30) == 0)
        do {
            _ = try SeriesTable.read(path: path, column: .name("value"))
            Issue.record("a 1 GB file was read")
        } catch {
            #expect(error.description == "\(path): is 1.0 GiB, more than a series file can be (at most 16 MiB)", "\(error)")
        }
        #expect(throws: SeriesFileError.self) { try SeriesTable.read(path: path + ".missing", column: .place(1)) }
    }
}
