import Foundation

/// Lines of a C stream, read as they arrive (a line is handed over as soon as its newline is read), each at
/// most `longest` bytes kept: the rest of a longer line is read and dropped, and the line is kept one byte
/// over, so the parser sees that it was too long.
struct LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private let longest: Int
    private var bytes: [UInt8] = []

    init(_ file: UnsafeMutablePointer<FILE>, longest: Int) {
        self.file = file
        self.longest = longest
        bytes.reserveCapacity(longest + 1)
    }

    /// The next line without its newline, or nil at the end of the input. Bytes that are not UTF-8 are
    /// replaced, so they read as a field that is not a number.
    mutating func next() -> Substring? {
        bytes.removeAll(keepingCapacity: true)
        var sawAny = false
        while true {
            let c = getc_unlocked(file)
            if c == EOF { break }
            sawAny = true
            if c == 0x0A { return Substring(String(decoding: bytes, as: UTF8.self)) }
            if bytes.count <= longest { bytes.append(UInt8(c)) }
        }
        return sawAny ? Substring(String(decoding: bytes, as: UTF8.self)) : nil
    }
}
