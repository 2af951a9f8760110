import Foundation
import UnrollExplorer
import UnrollTerminal

/// Runs the explorer (see `ExplorerLauncher`) and exits with its status.
func runExplorer(_ initial: ExplorerState, ascii: Bool, mouse: Bool, outputs: SessionOutputs = SessionOutputs(), kiosk: Bool = false,
                 home: () -> ExplorerState) -> Never {
    do {
        exit(try ExplorerLauncher(forceASCII: ascii, mouse: mouse, kiosk: kiosk, progressPath: { ProgressFile.savePath }, outputs: outputs)
            .run(initial, home: home))
    } catch {
        CommandFailure(message: error.description, status: 2).exit()
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
