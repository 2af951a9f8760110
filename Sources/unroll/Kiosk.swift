import Foundation
import UnrollCore
import UnrollExplorer

/// `unroll --kiosk`: for a class account's sshd `ForceCommand` or login shell. The home screen is the only
/// way in: lessons by menu from the installed directory, free play, the race, the teacher's shared
/// sessions. No path comes from the user; the only file written is the progress in the user's state
/// directory; keys arrive raw, so nothing typed suspends or kills the program.
enum Kiosk {
    static func run(ascii: Bool, mouse: Bool) -> Never {
        hardenEnvironment()
        let directory = installedLessonsDirectory()
        let home = { homeState(ExplorerState(spec: ExperimentSpec()), lessonsDirectory: directory) }
        runExplorer(home(), ascii: ascii, mouse: mouse, kiosk: true, home: home)
    }

    /// The terminal description comes from the system's terminfo only, whatever the client sent.
    static func hardenEnvironment() {
        for name in ["TERMINFO", "TERMINFO_DIRS", "TERMCAP"] { unsetenv(name) }
        let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
        if !isPlainTerminalName(term) { setenv("TERM", "vt100", 1) }
    }

    /// Whether `term` is a plain terminfo name (no path, nothing odd).
    static func isPlainTerminalName(_ term: String) -> Bool {
        !term.isEmpty && term.count <= 64 && term.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.+".contains($0)) }
            && term.first != "."
    }

    /// The lessons installed with the program (`$UNROLL_LESSONS`, set by the administrator, or beside the
    /// binary); never the current directory.
    static func installedLessonsDirectory() -> String? {
        lessonsDirectory(includingCurrentDirectory: false)
    }
}
