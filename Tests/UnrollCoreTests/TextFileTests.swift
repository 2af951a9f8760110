import Foundation
import Testing
import UnrollCore

/// Files are refused by their size before they are read, and written whole or not at all, leaving no
/// temporary files that pile up.
@Suite struct TextFileTests {
    static func directory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("unroll-textfile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func aFileLargerThanItsKindIsRefusedUnread() throws {
        let dir = try Self.directory()
        let path = dir + "/huge.json"
        // A sparse 10 GB file: reading it would take minutes and all the memory; the refusal takes none.
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 10 << 30)
        try handle.close()
        let start = ContinuousClock.now
        #expect(throws: (any Error).self) { try TextFile.readBytes(path, limit: 1 << 20, kind: "a trace file") }
        do { _ = try TextFile.readBytes(path, limit: 1 << 20, kind: "a trace file") } catch {
            #expect(error.description == "\(path): is 10 GiB, more than a trace file can be (at most 1.0 MiB)")
        }
        #expect(ContinuousClock.now - start < .milliseconds(500))
        try Data("[1, 2]".utf8).write(to: URL(fileURLWithPath: dir + "/small.json"))
        #expect(try TextFile.readBytes(dir + "/small.json", limit: 6, kind: "x") == Array("[1, 2]".utf8))
        #expect(throws: (any Error).self) { try TextFile.readBytes(dir + "/small.json", limit: 5, kind: "x") }
    }

    @Test func anEndlessDeviceIsReadOnlyToTheLimit() throws {
        do { _ = try TextFile.readBytes("/dev/zero", limit: 3 << 20, kind: "a checkpoint file") } catch {
            #expect(error.description.hasPrefix("/dev/zero: is 3.0 MiB, more than a checkpoint file can be"), "\(error)")
            return
        }
        Issue.record("read /dev/zero to the end")
    }

    @Test func missingDirectoriesAndTextThatIsNotUTF8AreNamed() throws {
        let dir = try Self.directory()
        #expect(throws: TextFile.Failure.self) { try TextFile.read(dir + "/nowhere", limit: 100, kind: "x") }
        do { _ = try TextFile.read(dir + "/nowhere", limit: 100, kind: "x") } catch { #expect(error.reason == "no such file") }
        do { _ = try TextFile.read(dir, limit: 100, kind: "x") } catch { #expect(error.reason == "is a directory") }
        try Data([0x22, 0xFF, 0x22]).write(to: URL(fileURLWithPath: dir + "/latin1"))
        do { _ = try TextFile.read(dir + "/latin1", limit: 100, kind: "x") } catch { #expect(error.reason == "is not UTF-8 text") }
    }

    @Test func aWriteLeavesOnlyTheFileAndClearsWhatDeadWritersLeft() throws {
        let dir = try Self.directory()
        let path = dir + "/run.json"
        // What a writer killed mid-write leaves: its temporary, named for its process, now gone.
        let dead = TextFile.temporaryPath(for: path, pid: Int32.max - 1)
        let alive = TextFile.temporaryPath(for: path, pid: 1)
        let other = TextFile.temporaryPath(for: dir + "/other.json", pid: Int32.max - 1)
        for stray in [dead, alive, other] { try Data("half".utf8).write(to: URL(fileURLWithPath: stray)) }
        #expect(dead == dir + "/.run.json.tmp-\(Int32.max - 1)")
        try TextFile.writeAtomically("one\n", to: path)
        try TextFile.writeAtomically("two\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        // A live process's temporary and another file's are not this write's to remove.
        #expect(left == [".other.json.tmp-\(Int32.max - 1)", ".run.json.tmp-1", "run.json"], "\(left)")
    }

    @Test func aRewriteKeepsThePermissionsAndAFailedOneLeavesTheOldFile() throws {
        let dir = try Self.directory()
        let path = dir + "/progress.json"
        try TextFile.writeAtomically("old\n", to: path)
        #expect(chmod(path, 0o600) == 0)
        try TextFile.writeAtomically("new\n", to: path)
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        // A target that is a directory cannot be replaced: the error names it and nothing is left behind.
        try FileManager.default.createDirectory(atPath: dir + "/taken", withIntermediateDirectories: false)
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/taken/inside"))
        #expect(throws: TextFile.Failure.self) { try TextFile.writeAtomically("text", to: dir + "/taken") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["progress.json", "taken"])
        #expect(throws: TextFile.Failure.self) { try TextFile.writeAtomically("text", to: dir + "/no/such/dir/file") }
    }
}
