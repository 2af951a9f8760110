import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer

@Suite struct LessonTests {
    static var lessonsDirectory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../lessons").standardized
    }

    static func shipped() throws -> [(String, String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)
            .filter { $0.hasSuffix(".md") && $0.first?.isNumber == true }.sorted()
        return try names.map { ($0, try String(contentsOf: lessonsDirectory.appendingPathComponent($0), encoding: .utf8)) }
    }

    @Test func everyShippedLessonPassesTheCheck() throws {
        let files = try Self.shipped()
        #expect(files.count >= 3)
        for (name, text) in files {
            let (lesson, problems) = LessonParser.parse(text, file: name)
            #expect(problems.isEmpty, "\(problems.map(\.description))")
            #expect(lesson != nil)
        }
    }

    /// The shipped lessons' file names, one test case each.
    static let shippedNames: [String] = (try? shipped().map(\.0)) ?? []

    /// An unreadable lessons directory would leave the parameterised tests with no case, which passes: the
    /// cases must be the course, every lesson on the home screen.
    @Test func everyShippedLessonIsATestCase() throws {
        let course = LessonLibrary(files: try Self.shipped().map { (path: $0.0, text: $0.1) }).lessons
        #expect(Self.shippedNames.count >= 10 && Self.shippedNames.count == course.count)
    }

    /// Each shipped lesson played through as a learner who does what it asks: its keys (`keys:`) complete
    /// every step and nothing before them does, the keys it names as wrong (`not:`) do not, every claim its
    /// text makes holds, and n after the last step completes it.
    @Test(arguments: shippedNames)
    func lessonPlaysThroughWithItsKeys(name: String) throws {
        let text = try String(contentsOf: Self.lessonsDirectory.appendingPathComponent(name), encoding: .utf8)
        let lesson = try #require(LessonParser.parse(text, file: name).lesson)
        let problems = LessonPlaythrough.problems(lesson, trainingSteps: 100)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        for step in lesson.steps {
            if let question = step.question { #expect(question.choices.filter(\.correct).count == 1) }
        }
    }

    /// The corpus under MalformedLessons/: each file gets its expected `file:line:col` message, never a crash.
    @Test func malformedLessonFilesGetFileLineAndColumn() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MalformedLessons")
        let manifest = try String(contentsOf: directory.appendingPathComponent("EXPECTED.tsv"), encoding: .utf8)
        var count = 0
        for line in manifest.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            let (name, expected) = (parts[0], parts[1])
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            let (lesson, problems) = LessonParser.parse(String(decoding: data, as: UTF8.self), file: name)
            #expect(lesson == nil, "\(name) was accepted")
            #expect(problems.contains { $0.description.hasPrefix("\(name):\(expected)") }, "\(name): wanted \(expected), got \(problems.map(\.description))")
            count += 1
        }
        #expect(count >= 15)
    }
}

@Suite struct LessonDocumentationTests {
    /// Every name, function and directive the code accepts is documented for teachers, and the example parses.
    @Test func theReadmeDocumentsTheLanguageAndItsExampleParses() throws {
        let readme = try String(contentsOf: LessonTests.lessonsDirectory.appendingPathComponent("README.md"), encoding: .utf8)
        for name in LiveQuantities.names.map(\.name) { #expect(readme.contains("`\(name)`"), "\(name) is not documented") }
        for function in LiveQuantities.functions.map(\.name) { #expect(readme.contains("`\(function)("), "\(function) is not documented") }
        for key in LessonParser.directiveKeys { #expect(readme.contains("`\(key):"), "\(key) is not documented") }
        let example = try #require(readme.components(separatedBy: "````markdown\n").last?.components(separatedBy: "````").first)
        let (lesson, problems) = LessonParser.parse(example, file: "README example")
        #expect(problems.isEmpty, "\(problems.map(\.description))")
        #expect(lesson?.steps.count == 2)
    }
}
