/// The shipped lessons: the `.md` files of a lessons directory, in file-name order (`NN-slug.md`).
public struct LessonLibrary: Sendable {
    /// Parsed lessons and the problems of those that failed.
    public let lessons: [Lesson]
    public let problems: [LessonProblem]

    /// Parses every lesson file given as (path, text).
    public init(files: [(path: String, text: String)]) {
        var lessons: [Lesson] = [], problems: [LessonProblem] = []
        for (path, text) in files.sorted(by: { $0.path < $1.path }) {
            let (lesson, found) = LessonParser.parse(text, file: path)
            if let lesson { lessons.append(lesson) }
            problems += found
        }
        self.lessons = lessons
        self.problems = problems
    }

    /// The lesson with this number (1-based, in order) or id.
    public func lesson(_ key: String) -> Lesson? {
        if let n = Int(key), n >= 1, n <= lessons.count { return lessons[n - 1] }
        return lessons.first { $0.id == key }
    }
}
