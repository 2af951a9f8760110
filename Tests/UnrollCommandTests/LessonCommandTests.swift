import Foundation
import Testing

@Suite struct LessonCommandTests {
    static var lessons: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../lessons").standardized.path
    }

    @Test func shippedLessonsCheckAndList() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.lessons).filter { $0.first?.isNumber == true }.sorted()
        let check = try CommandRunner.run(["lesson", "--check"] + files.map { Self.lessons + "/" + $0 })
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.split(separator: "\n").count == files.count)
        let list = try CommandRunner.run(["lessons"], environment: ["UNROLL_LESSONS": Self.lessons])
        #expect(list.status == 0)
        #expect(list.stdout.hasPrefix("1. A sequence and a hidden state (hidden-state,"))
    }

    @Test func brokenLessonsGiveFileLineColumnAndStatusOne() throws {
        let dir = try CommandRunner.temporaryDirectory()
        let path = dir.appendingPathComponent("07-broken.md").path
        try "---\nid: broken\ntitle: Broken\nmodel:\n  cell: transformer\n---\n## Step\n```unroll\nwait: radus < 1\nfocus: nowhere\n```\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["lesson", "--check", path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(path):5:9: unknown cell \"transformer\"") })
        #expect(lines.contains { $0.hasPrefix("\(path):9:7: unknown name 'radus'") })
        #expect(lines.contains { $0.hasPrefix("\(path):10:8: unknown panel 'nowhere'") })
    }
}
