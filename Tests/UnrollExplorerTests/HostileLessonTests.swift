import Foundation
import Testing
import UnrollCore
@testable import UnrollExplorer

/// Lesson files written to break the reader: each gets one short `file:line:col: message` line, in bounded
/// time, and what parses runs without trapping.
@Suite struct HostileLessonTests {
    static let body = "## Step\n\nRead.\n"
    static func lesson(front: String, body: String = body) -> String { "---\n" + front + "---\n" + body }
    static let plainFront = "id: x\ntitle: X\nminutes: 3\nmodel:\n  cell: rnn_tanh\n  hidden: 3\n  length: 5\n"

    static func problems(_ text: String) -> [String] { LessonParser.parse(text, file: "f.md").problems.map(\.description) }

    /// A billion-laughs nest of anchors whose last alias is a mapping key: Yams hashed it for minutes.
    static let aliasBomb: String = {
        var front = "id: b\ntitle: B\nminutes: 3\na: &a [x,x,x,x,x,x,x,x,x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i"] {
            front += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
            previous = name
        }
        return lesson(front: front + "? *\(previous)\n: 1\n")
    }()

    @Test func anAliasBombIsRefusedBeforeAnythingIsBuilt() {
        let clock = ContinuousClock(), start = clock.now
        let found = Self.problems(Self.aliasBomb)
        #expect(clock.now - start < .seconds(1))
        #expect(found.first == "f.md:5:4: anchors (&) and aliases (*) are not used in lessons; write the value out")
        #expect(found.contains("f.md:6:4: anchors (&) and aliases (*) are not used in lessons; write the value out"))
        #expect(found.contains("f.md:14:1: the front matter is 'key: value' lines, not a list or a complex key"))
        // The same as a plain alias key and as an alias value.
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: X\n*a : 1\n")) == ["f.md:4:1: anchors (&) and aliases (*) are not used in lessons; write the value out"])
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: *t\n")) == ["f.md:3:8: anchors (&) and aliases (*) are not used in lessons; write the value out"])
    }

    @Test func aDuplicateKeyIsReportedWhereItIsInOneLine() {
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: X\nminutes: 3\nminutes: 4\n")) == ["f.md:5:1: duplicate key 'minutes' (first on line 4)"])
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: X\nmodel:\n  cell: lstm\n  hidden: 4\n  cell: gru\n")) ==
            ["f.md:7:3: duplicate key 'cell' (first on line 5)"])
    }

    @Test func aControlCharacterIsReportedAtItsExactPlace() {
        let text = Self.lesson(front: Self.plainFront, body: "## Step\n\nSome prose\nwith a bell \u{07} here.\n\n## Two\n\u{1B}[2J\n")
        #expect(Self.problems(text) == ["f.md:13:13: control character U+0007 is not allowed in a lesson",
                                        "f.md:16:1: control character U+001B is not allowed in a lesson"])
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: A\u{9B}B\n")) == ["f.md:3:9: control character U+009B is not allowed in a lesson"])
        // An escape in a quoted title is the same character by another name.
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: \"Evil \\e]0;pwned\\a\"\n")) ==
            ["f.md:3:14: '\\e' is a control or layout character, which a lesson's front matter does not take"])
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: \"Evil \\u001b]0\"\n")) == ["f.md:3:14: control characters are not allowed in a lesson"])
    }

    /// As a Windows editor saves them: CR LF (or CR) line endings, perhaps a byte-order mark first.
    @Test func crlfAndLoneCRLessonsReadLikeLF() throws {
        for (name, text) in try LessonTests.shipped() {
            let lf = try #require(LessonParser.parse(text, file: name).lesson)
            for (bom, ending) in [("", "\r\n"), ("", "\r"), ("\u{FEFF}", "\r\n")] {
                let (other, problems) = LessonParser.parse(bom + text.replacingOccurrences(of: "\n", with: ending), file: name)
                #expect(problems.isEmpty, "\(name) with \(ending.debugDescription): \(problems.map(\.description))")
                #expect(other?.title == lf.title && other?.steps.map(\.prose) == lf.steps.map(\.prose) && other?.source == lf.source)
            }
        }
    }

    /// Every problem of every hostile or malformed file is one line, short, with no control character.
    @Test func everyProblemIsOneShortSafeLine() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("MalformedLessons")
        var texts = [Self.aliasBomb]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".md") {
            texts.append(String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self))
        }
        let longWord = String(repeating: "x\u{1B}", count: 5000)
        texts += [Self.lesson(front: "id: x\ntitle: X\n\(longWord): 1\n"),
                  Self.lesson(front: "id: x\ntitle: X\nmodel:\n  cell: \(longWord)\n"),
                  Self.lesson(front: Self.plainFront, body: "## S\n```unroll\nfocus: \(longWord)\n\(longWord): 1\nwait: \(longWord)\nwait: \"\(longWord)\n```\n")]
        for text in texts {
            let (_, problems) = LessonParser.parse(text, file: "f.md")
            #expect(!problems.isEmpty)
            for p in problems.map(\.description) {
                #expect(!p.contains("\n") && p.count <= 200 && !p.unicodeScalars.contains(where: TerminalText.isControl), "\(p.prefix(300))")
            }
        }
    }

    @Test func aBinaryFileGetsAFewLinesNotThousands() {
        let garbage = Self.lesson(front: Self.plainFront, body: "## S\n" + String(repeating: "\u{01}\u{02}\n", count: 5000))
        let problems = LessonParser.parse(garbage, file: "f.md").problems
        #expect(problems.count == LessonParser.maximumProblems + 1)
        #expect(problems.last?.message == "and 4981 more problems after these")
    }

    @Test func limitsAreRefusedWithTheirPlace() {
        #expect(Self.problems(String(repeating: "x", count: LessonParser.maximumBytes + 1)) == ["f.md:1:1: a lesson is at most 1024 KB; this one is 1024 KB"])
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: X\nhuge: " + String(repeating: "y", count: 9000) + "\n")) ==
            ["f.md:2:1: the front matter is 9022 bytes; at most 8192"])
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: " + String(repeating: "t", count: 121) + "\n")) == ["f.md:3:8: a title is at most 120 characters"])
        let steps = String(repeating: "## S\n", count: LessonParser.maximumSteps + 1)
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: X\n", body: steps)) == ["f.md:\(5 + LessonParser.maximumSteps):1: a lesson has at most 100 steps"])
        let five = "## Q\n```unroll\nask: Which?\n" + (1...5).map { "choice\($0 == 5 ? "*" : ""): \($0) | f" }.joined(separator: "\n") + "\n```\n"
        #expect(Self.problems(Self.lesson(front: "id: x\ntitle: X\n", body: five)) == ["f.md:7:1: a question has at most 4 choices: the learner answers with 1 to 4"])
    }

    /// The part of YAML that lessons use reads as YAML does; the rest is refused where it starts.
    @Test func frontMatterReadsPlainYAMLAndRefusesTheRest() throws {
        let front = """
        # a comment
        id: "quoted-id"   # and another
        'title': 'It''s \\ here: fine'
        minutes: 7 # seven
        model:
            cell: "lstm"
            hidden: 4

        """
        let lesson = try #require(LessonParser.parse(Self.lesson(front: front), file: "f.md").lesson)
        #expect(lesson.id == "quoted-id" && lesson.title == "It's \\ here: fine" && lesson.minutes == 7)
        #expect(lesson.spec.cell == .lstm && lesson.spec.hidden == 4)
        #expect(try #require(LessonParser.parse(Self.lesson(front: "id: x\ntitle: \"caf\\u00e9 \\\"q\\\"\"\n"), file: "f.md").lesson).title == "café \"q\"")
        let refused: [(String, String)] = [
            ("id: x\ntitle: X\nmodel: {cell: lstm}\n", "4:8: '{' starts a YAML list or mapping"),
            ("id: x\ntitle: |\n  X\n", "3:8: block values (| and >) are not used"),
            ("id: x\ntitle: !!str X\n", "3:8: YAML tags (!) are not used"),
            ("- id\n", "2:1: the front matter is 'key: value' lines, not a list"),
            ("id: x\ntitle: X\nmodel:\n\tcell: lstm\n", "5:1: YAML indents with spaces, not tabs"),
            ("id: x\ntitle: X\nmodel:\n  cell: lstm\n    hidden: 4\n", "6:5: indent every option under 'model' by 2 spaces"),
            ("id: x\n  title: X\n", "3:3: unexpected indentation: only the options under 'model:' are indented"),
            ("id: x\ntitle: \"X\n", "3:8: a quoted value must end on its own line"),
            ("id: x\ntitle: a: b\n", "3:9: a value with ': ' in it must be quoted"),
            ("id: x\ntitle:X\n", "3:7: put a space after ':'"),
            ("id: x\ntitle\n", "3:1: expected 'key: value'"),
            ("id: x\ntitle: X\nmodel: lstm\n", "4:8: model takes its options on the indented lines below it"),
            ("id: x\ntitle: \"X\" y\n", "3:12: only a comment may follow a quoted value"),
        ]
        for (front, expected) in refused {
            let found = Self.problems(Self.lesson(front: front))
            #expect(found.contains { $0.hasPrefix("f.md:" + expected) }, "\(front.debugDescription): \(found)")
        }
    }

    @Test func fileBytesMustBeUTF8AndNotTooMany() {
        #expect(throws: Never.self) { try LessonParser.text(of: Array("---\nid: é\n".utf8), file: "f.md").get() }
        let bad: [UInt8] = Array("---\nid: x\ntitle: ab".utf8) + [0xFF] + Array("\n".utf8)
        #expect(LessonParser.text(of: bad, file: "f.md").failure?.description == "f.md:3:10: the file is not UTF-8 text here")
        let big = [UInt8](repeating: 0x41, count: LessonParser.maximumBytes + 1)
        #expect(LessonParser.text(of: big, file: "f.md").failure?.description == "f.md:1:1: a lesson is at most 1024 KB; this file is larger")
    }
}

extension Result {
    var failure: Failure? { if case let .failure(f) = self { f } else { nil } }
}
