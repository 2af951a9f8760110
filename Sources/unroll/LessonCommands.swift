import ArgumentParser
import Foundation
import UnrollExplorer
import UnrollTerminal

/// Where the lessons are: $UNROLL_LESSONS, ./lessons, an installation's share/unroll/lessons, or the lessons
/// beside the built binary's checkout.
func lessonsDirectory(includingCurrentDirectory: Bool = true) -> String? {
    var candidates: [String] = []
    if let env = ProcessInfo.processInfo.environment["UNROLL_LESSONS"] { candidates.append(env) }
    if includingCurrentDirectory { candidates.append(FileManager.default.currentDirectoryPath + "/lessons") }
    let executable = URL(fileURLWithPath: executablePath()).resolvingSymlinksInPath()
    candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/unroll/lessons").standardized.path)
    candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../lessons").standardized.path)
    candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../../../lessons").standardized.path)
    return candidates.first(where: isDirectory)
}

/// Whether `path` names a directory (through symbolic links).
func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
}

/// The running binary's path (not argv[0], which a login shell or a PATH lookup makes relative).
func executablePath() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
}

/// The text of a lesson file, or why it cannot be a lesson: not a regular file, not readable, larger than a
/// lesson can be (only that much is read), or not UTF-8.
func readLessonFile(_ path: String) -> Result<String, LessonProblem> {
    func problem(_ message: String) -> Result<String, LessonProblem> {
        .failure(LessonProblem(file: path, line: 1, column: 1, message: message))
    }
    guard let type = try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType else {
        return problem("no such lesson file")
    }
    guard type == .typeRegular else { return problem("is not a regular file") }
    guard let handle = FileHandle(forReadingAtPath: path) else { return problem("cannot be read") }
    defer { try? handle.close() }
    guard let data = try? handle.read(upToCount: LessonParser.maximumBytes + 1) else { return problem("cannot be read") }
    return LessonParser.text(of: [UInt8](data), file: path)
}

/// The lesson files of a directory, as (path, text), and the problems of those that cannot be read.
func lessonFiles(in directory: String) -> (files: [(path: String, text: String)], problems: [LessonProblem]) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    var files: [(path: String, text: String)] = [], problems: [LessonProblem] = []
    for name in names.filter({ $0.hasSuffix(".md") && $0 != "README.md" && $0.first?.isNumber == true }).sorted() {
        let path = (directory.hasSuffix("/") ? String(directory.dropLast()) : directory) + "/" + name
        switch readLessonFile(path) {
        case let .success(text): files.append((path, text))
        case let .failure(problem): problems.append(problem)
        }
    }
    return (files, problems)
}

/// `unroll lessons`: the course as plain text.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lessons", abstract: "List the guided lessons.")

    func run() throws {
        guard let directory = lessonsDirectory() else {
            CommandFailure(message: "no lessons directory found (set UNROLL_LESSONS or run from the checkout)", status: 2).exit()
        }
        let (files, unreadable) = lessonFiles(in: directory)
        let library = LessonLibrary(files: files)
        let (progress, notice) = ProgressFile.load()
        if let notice { FileHandleOutput.standardError(TerminalText.sanitized("unroll: \(ProgressFile.path ?? "progress"): \(notice)")) }
        for (k, lesson) in library.lessons.enumerated() {
            // A title comes from a file: nothing in it may reach the terminal as a control sequence.
            let line = "\(k + 1). \(lesson.title) (\(lesson.id), \(lesson.minutes) min, \(lesson.steps.count) steps): \(progress.status(of: lesson))"
            FileHandleOutput.standardOutput(TerminalText.sanitized(line) + "\n")
        }
        for problem in unreadable + library.problems { FileHandleOutput.standardError(problem.description) }
    }
}

/// Finds a lesson by number, id or path; a broken or missing one ends the command with its problems.
func findLesson(_ key: String) -> Lesson { findLessonAndCourse(key).lesson }

/// Finds a lesson as `findLesson` does, with the course it belongs to when it was found by number or id
/// (so that n after its last step can open the next).
func findLessonAndCourse(_ key: String) -> (lesson: Lesson, course: [Lesson]) {
    if key.hasSuffix(".md") || key.contains("/") {
        let text: String
        switch readLessonFile(key) {
        case let .success(read): text = read
        case let .failure(problem): CommandFailure(message: problem.description, status: 2).exit()
        }
        let (lesson, problems) = LessonParser.parse(text, file: key)
        guard let lesson else {
            for p in problems { FileHandleOutput.standardError(p.description) }
            let shown = TerminalText.sanitized(key)
            CommandFailure(message: "\(shown): the lesson has problems (see above); 'unroll lesson --check \(shown)' lists them", status: 2).exit()
        }
        return (lesson, [])
    }
    guard let directory = lessonsDirectory() else {
        CommandFailure(message: "no lessons directory found (set UNROLL_LESSONS or run from the checkout)", status: 2).exit()
    }
    let library = LessonLibrary(files: lessonFiles(in: directory).files)
    guard let lesson = library.lesson(key) else {
        CommandFailure(message: "no lesson \"\(TerminalText.excerpt(key))\"; 'unroll lessons' lists them by number and id", status: 2).exit()
    }
    return (lesson, library.lessons)
}

/// `unroll lesson N|ID|PATH` opens a lesson in the explorer; `unroll lesson --check FILE...` validates.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Follow a guided lesson (by number, id or path), or check lesson files with --check."
    )

    @Flag(help: "Check the files (the installed lessons when none are given) and report every problem as file:line:col: message; exit status 1 when there is any. Each lesson that parses is also played through with its keys: directives.")
    var check = false

    @Flag(help: "With --check: only read the files, without playing them through.")
    var noPlay = false

    @Flag(help: "Seven-bit ASCII only, whatever the locale.")
    var ascii = false

    @Argument(help: "A lesson's number, id or path; with --check, lesson files or directories of them.")
    var files: [String] = []

    @OptionGroup var session: SessionOptions
    @OptionGroup var mouse: MouseOption

    func run() throws {
        guard check else {
            guard files.count == 1 else { throw ValidationError("give one lesson: its number, id or path") }
            let (lesson, course) = findLessonAndCourse(files[0])
            let (progress, notice) = ProgressFile.load()
            if let notice { FileHandleOutput.standardError("unroll: \(ProgressFile.path ?? "progress"): \(notice)") }
            var state = ExplorerState(lesson: lesson, step: progress.lessons[lesson.id]?.step ?? 0)
            _ = update(&state, .open(Opening(course: course, progress: progress)))
            runExplorer(state, ascii: ascii, mouse: mouse.enabled, outputs: session.outputs(title: lesson.title)) {
                homeState(ExplorerState(spec: lesson.spec), lessonsDirectory: lessonsDirectory())
            }
        }
        // README.md documents the format beside the lessons; it is not one. A directory stands for the
        // lessons the course would take from it, and no file for the installed course.
        var given = files.filter { ($0 as NSString).lastPathComponent != "README.md" }
        if files.isEmpty {
            guard let directory = lessonsDirectory() else {
                CommandFailure(message: "no lessons directory found to check (set UNROLL_LESSONS, or give the files)", status: 2).exit()
            }
            given = [directory]
        }
        var read: [(path: String, text: String)] = [], total = 0
        func report(_ problem: LessonProblem) {
            FileHandleOutput.standardError(problem.description)
            total += 1
        }
        for file in given {
            if isDirectory(file) {
                let (found, unreadable) = lessonFiles(in: file)
                unreadable.forEach(report)
                read += found
            } else {
                switch readLessonFile(file) {
                case let .success(text): read.append((file, text))
                case let .failure(problem): report(problem)
                }
            }
        }
        for (path, text) in read {
            let (lesson, problems) = LessonParser.parse(text, file: path)
            let played = lesson.map { noPlay ? [] : LessonPlaythrough.problems($0) } ?? []
            for p in problems + played { FileHandleOutput.standardError(p.description) }
            total += problems.count + played.count
            if let lesson, played.isEmpty {
                let how = noPlay ? "" : ", played through"
                FileHandleOutput.standardOutput(TerminalText.sanitized("\(path): ok, \(lesson.steps.count) steps\(how)") + "\n")
            }
        }
        if total > 0 { Foundation.exit(1) }
    }
}
