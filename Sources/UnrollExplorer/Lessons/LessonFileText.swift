extension LessonParser {
    /// The text of a lesson file's bytes, or a problem saying where they stop being UTF-8 or that there are
    /// too many of them. Only the first `maximumBytes + 1` bytes need to be read to tell.
    public static func text(of bytes: [UInt8], file: String) -> Result<String, LessonProblem> {
        if bytes.count > maximumBytes {
            return .failure(LessonProblem(file: file, line: 1, column: 1, message: "a lesson is at most \(maximumBytes / 1024) KB; this file is larger"))
        }
        var line = 1, column = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var scalars = String.UnicodeScalarView()
        while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar):
                scalars.append(scalar)
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput:
                return .success(String(scalars))
            case .error:
                return .failure(LessonProblem(file: file, line: line, column: column, message: "the file is not UTF-8 text here"))
            }
        }
    }
}
