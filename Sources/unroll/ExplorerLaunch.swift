import Foundation
import UnrollExplorer
import UnrollTerminal

/// Runs the explorer and, when the user picks a classroom session on the home screen, follows it and comes
/// back to a fresh home screen afterwards. In the kiosk, quitting a lesson or free play also comes back
/// home; quitting the home screen leaves. Exits with the runtime's status.
func runExplorer(_ initial: ExplorerState, ascii: Bool, mouse: Bool, outputs: SessionOutputs = SessionOutputs(), kiosk: Bool = false,
                 home: () -> ExplorerState) -> Never {
    var state = initial
    var runtimeOutputs = outputs
    while true {
        let end: RunEnd
        do {
            end = try TerminalRuntime(forceASCII: ascii, progressPath: ProgressFile.savePath, outputs: runtimeOutputs, rawKeys: kiosk,
                                      mouse: mouse).run(state)
        } catch {
            CommandFailure(message: error.description, status: 2).exit()
        }
        switch end {
        case let .status(status):
            exit(status)
        case let .quit(fromHome):
            guard kiosk && !fromHome else { exit(0) }
            state = home()
            runtimeOutputs = SessionOutputs()
        case let .follow(name):
            // Back home afterwards, with the reason the session ended or could not be followed.
            var notice: String? = nil
            do {
                let (status, message) = try FollowerRuntime(name: name, forceASCII: ascii, rawKeys: kiosk, mouse: mouse).run()
                if status != 0 { exit(status) }
                notice = message
            } catch {
                notice = error.description
            }
            state = home()
            state.homeNotice = notice
            runtimeOutputs = SessionOutputs()
        }
    }
}

/// The home screen: the lessons with the user's progress, free play, the race, and any shared sessions.
func homeState(_ base: ExplorerState, lessonsDirectory directory: String?) -> ExplorerState {
    var state = base
    if let directory { state.library = LessonLibrary(files: lessonFiles(in: directory).files).lessons }
    let (progress, notice) = ProgressFile.load()
    state.progress = progress
    if let notice { state.homeNotice = notice }
    state.sharedSessions = ShareDirectory.fromEnvironment().sessions()
    state.screen = .home
    state.underlyingScreen = .home
    // The cursor starts on what comes next in the course.
    state.pointHomeCursorAtNextLesson()
    return state
}
