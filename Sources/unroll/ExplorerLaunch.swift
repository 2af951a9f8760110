import Foundation
import UnrollExplorer
import UnrollSharing
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
    let (progress, notice) = ProgressFile.load()
    let course = directory.map { LessonLibrary(files: lessonFiles(in: $0).files).lessons }
    _ = update(&state, .open(Opening(course: course, progress: progress, sessions: ShareDirectory.fromEnvironment().sessions(), notice: notice,
                                     home: true)))
    return state
}
