import UnrollCore

/// The explorer's one state transition: pure, deterministic, no I/O. Side effects come back as `Effect`s.
public func update(_ state: inout ExplorerState, _ action: Action) -> [Effect] {
    let before = state.lessonProgressEntry
    let specBefore = state.spec, stepBefore = state.lessonSession?.stepIndex
    let choiceBefore = state.modelChoice, modelBefore = state.model, versionBefore = state.modelVersion
    let screenBefore = state.screen
    var effects = apply(&state, action)
    if state.screen != .settings { state.settingsOpening = nil } else if screenBefore != .settings || state.settingsOpening == nil {
        state.settingsOpening = state.model
    }
    // A lesson's step is not undone into the step before it; a step that brings its own model is not
    // compared with what came before it either, but one that keeps the model keeps the ghost (the default's
    // curve beside the orthogonal one a step has just made).
    if state.lessonSession?.stepIndex != stepBefore {
        state.modelHistory = []
        if state.modelVersion != versionBefore { state.ghost = nil }
    } else if case .returnToModel = action {
    } else if state.modelVersion != versionBefore || state.clipping != choiceBefore.clipping {
        // Trained weights are another model, not a variation of the one before: no ghost to compare with.
        let trained: Bool
        switch action {
        case .inspectTrainedModel, .showWeights: trained = true
        default: trained = false
        }
        state.recordModelChange(from: choiceBefore, model: modelBefore, curveChanged: state.modelVersion != versionBefore && !trained)
        if trained { state.ghost = nil }
    }
    // Whatever changed the model (+, c, a lesson's set:, U) or opened the screen, the triangle it shows is
    // of the model on screen.
    effects += state.derivedWork()
    state.refreshLesson(modelChanged: state.spec != specBefore || state.lessonSession?.stepIndex != stepBefore)
    // Whenever the lesson's step or passed steps change, save where it stands.
    if let after = state.lessonProgressEntry, before.map({ $0.id != after.id || $0.step != after.step || $0.passed != after.passed }) ?? true {
        state.progress.lessons[after.id] = (after.step, after.passed)
        effects.append(.saveLessonProgress(id: after.id, step: after.step, passed: after.passed))
    }
    return effects
}

private func apply(_ state: inout ExplorerState, _ action: Action) -> [Effect] {
    let length = state.length
    if [.homeUp, .homeDown, .homeOpen].contains(action) { state.homeNotice = nil }
    // On the scan screen the step keys step the scan's rounds; the cursor picks the block it spans.
    if state.screen == .scan, [.stepForward, .stepBack, .toStart, .toEnd].contains(action) {
        let rounds = ScanView.tree(state).rounds.count
        switch action {
        case .stepForward: state.scanRound = min(state.scanRound + 1, rounds)
        case .stepBack: state.scanRound = max(min(state.scanRound, rounds) - 1, 0)
        case .toStart: state.scanRound = 0
        default: state.scanRound = rounds
        }
        return []
    }
    switch action {
    case .stepForward:
        state.cursor = min(state.cursor + 1, length)
    case .stepBack:
        state.cursor = state.phase == .forward ? max(state.cursor - 1, 0) : max(state.cursor - 1, 1)
    case .toStart:
        state.cursor = state.phase == .forward ? 0 : length
        return stopPlaying(&state)
    case .toEnd:
        state.cursor = state.phase == .forward ? length : 1
        return stopPlaying(&state)
    case .toggleBackward:
        if state.phase == .forward {
            // The backward pass needs the whole forward pass.
            state.phase = .backward
            state.cursor = length
        } else {
            state.phase = .forward
            state.cursor = length
        }
        return stopPlaying(&state)
    case .togglePlay:
        if state.playing { return stopPlaying(&state) }
        if atEnd(state) { _ = update(&state, .toStart) }
        state.playing = true
        return [.startTicking(milliseconds: ExplorerState.playIntervals[state.speedIndex])]
    case .tick:
        guard state.playing else { return [.stopTicking] }
        if state.phase == .forward { state.cursor = min(state.cursor + 1, length) } else { state.cursor = max(state.cursor - 1, 1) }
        if atEnd(state) { return stopPlaying(&state) }
    case .faster, .slower:
        let last = ExplorerState.playIntervals.count - 1
        state.speedIndex = action == .faster ? min(state.speedIndex + 1, last) : max(state.speedIndex - 1, 0)
        if state.playing { return [.startTicking(milliseconds: ExplorerState.playIntervals[state.speedIndex])] }
    case .scaleRecurrentUp, .scaleRecurrentDown:
        Setting.scale.adjust(&state, by: action == .scaleRecurrentUp ? 1 : -1)
    case .cycleCell:
        var spec = state.spec
        let all = CellKind.allCases
        spec.cell = all[(all.firstIndex(of: spec.cell)! + 1) % all.count]
        state.setSpec(spec)
    case .toggleClipping:
        state.clipping.toggle()
    case let .reseed(seed):
        var spec = state.spec
        spec.seed = seed
        state.setSpec(spec)
    case .nextUnit, .previousUnit:
        let count = state.model.network.config.directionCount * state.spec.hidden
        state.selectedUnit = (state.selectedUnit + (action == .nextUnit ? 1 : count - 1)) % count
    case let .select(step, unit):
        let count = state.model.network.config.directionCount * state.spec.hidden
        if let unit, (0..<count).contains(unit) { state.selectedUnit = unit }
        guard let step, length >= 1 else { return [] }
        // Forward: steps 1 … t have run; backward: the gradient has reached t.
        state.cursor = min(max(step, 1), length)
        return stopPlaying(&state)
    case let .show(screen):
        if screen == .help { state.helpPage = 0 }
        if screen == .scan, state.screen != .scan { state.scanRound = 0 }
        if screen == .help || screen == .settings {
            if state.screen != .help && state.screen != .settings { state.underlyingScreen = state.screen }
        } else {
            state.underlyingScreen = screen
        }
        state.screen = screen
    case .closeOverlay:
        state.screen = state.screen == .help || state.screen == .settings ? state.underlyingScreen : .main
    case .settingsUp:
        state.settingsCursor = max(0, state.settingsCursor - 1)
    case .settingsDown:
        state.settingsCursor = min(Setting.allCases.count - 1, state.settingsCursor + 1)
    case let .settingsSelect(row):
        guard (0..<Setting.allCases.count).contains(row) else { return [] }
        state.settingsCursor = row
    case .settingsIncrease, .settingsDecrease:
        Setting.allCases[state.settingsCursor].adjust(&state, by: action == .settingsIncrease ? 1 : -1)
    case let .setSpec(spec):
        state.setSpec(spec)
    case let .startTraining(race):
        state.screen = .training
        state.underlyingScreen = .training
        // A run still going on the same model is shown, not restarted; a changed model starts afresh.
        if let session = state.training, session.active, race == (session.runs.count > 1),
           session.runs.contains(where: { $0.config.spec.task == state.spec.task && $0.config.spec.length == state.spec.length
               && $0.config.spec.hidden == state.spec.hidden && (race || $0.config.spec == state.spec) }) {
            return []
        }
        var configs: [TrainingConfig] = []
        if race {
            for cell in state.spec.task.raceCells(from: state.spec.cell) {
                var spec = state.spec
                spec.cell = cell
                configs.append(spec.explorerTraining)
            }
        } else {
            configs = [state.spec.explorerTraining]
        }
        // The speed chosen for the last run holds for the next, so a slowed race can be run again.
        let session = TrainingSession(runs: configs.map(TrainingRun.init), paused: false, speedIndex: state.training?.speedIndex ?? 0)
        state.training = session
        return [.train(configs)] + (session.delayMilliseconds > 0 ? [.trainingDelay(milliseconds: session.delayMilliseconds)] : [])
    case .toggleTrainingPause:
        guard var session = state.training, session.active else { return [] }
        session.paused.toggle()
        state.training = session
        return [.pauseTraining(session.paused)]
    case .nextRun, .previousRun:
        guard var session = state.training, session.runs.count > 1 else { return [] }
        let count = session.runs.count
        session.selectedRun = (min(session.selectedRun, count - 1) + (action == .nextRun ? 1 : count - 1)) % count
        state.training = session
    case .trainingSlower, .trainingFaster:
        guard var session = state.training else { return [] }
        let last = TrainingSession.delays.count - 1
        session.speedIndex = action == .trainingSlower ? min(session.speedIndex + 1, last) : max(session.speedIndex - 1, 0)
        state.training = session
        return [.trainingDelay(milliseconds: session.delayMilliseconds)]
    case let .trainingProgress(reports):
        guard var session = state.training else { return [] }
        for report in reports where report.run < session.runs.count {
            session.runs[report.run].records += report.records
            session.runs[report.run].status = report.status
            session.runs[report.run].network = report.network
            session.runs[report.run].stepsPerSecond = report.stepsPerSecond
            // A test evaluation brings a new sample of text from the weights it reports (those after its last
            // record); a stream brings the teacher's, since a follower has the records but not the weights.
            if !report.networkIsCurrent {
                if let given = report.textSample { session.runs[report.run].textSample = given }
            } else if report.records.contains(where: { $0.testMetric != nil }), let last = report.records.last {
                session.runs[report.run].textSample = TextSample.written(by: report.network, config: session.runs[report.run].config,
                                                                         step: last.step)
            }
        }
        state.training = session
    case .lessonNext:
        guard var session = state.lessonSession else { return [] }
        let step = session.step
        let conditionsHold = [step.wait, step.check].compactMap { $0 }.allSatisfy { LiveQuantities.holds($0, in: state) }
        if session.passed[session.stepIndex] || (conditionsHold && state.lessonQuestionAnswered) {
            session.passed[session.stepIndex] = true
            if session.stepIndex + 1 < session.lesson.steps.count {
                session.stepIndex += 1
                session.hintsShown = 0
                session.answer = nil
                session.message = nil
                session.page = 0
                state.lessonSession = session
                state.enter(session.step)
            } else if session.message?.hasPrefix(LessonSession.completeMessage) == true, let next = state.nextLessonIndex {
                // n once more after the last step: the next lesson.
                openLesson(next, in: &state)
            } else {
                session.message = LessonSession.completeMessage
                if session.complete, let next = state.nextLessonIndex {
                    session.message = LessonSession.completeMessage + " n opens lesson \(next + 1), \(state.library[next].title)."
                }
                state.lessonSession = session
            }
        } else {
            if let question = step.question, session.answer == nil {
                session.message = "Answer the question first (1–\(question.choices.count))."
            } else if step.question != nil, !state.lessonQuestionAnswered {
                session.message = "Not yet: try another answer."
            } else if session.hintsShown < step.hints.count {
                // A try that did not pass brings the next hint.
                session.hintsShown += 1
                session.message = "Not yet: see the hint."
            } else {
                session.message = "Not yet."
            }
            // The text is true of the lesson's model: say so when the screen shows another.
            if let model = state.lessonModel, model.spec.differsInModel(from: state.spec) || model.clipping != state.clipping {
                session.message = (session.message ?? "Not yet.") + " The model is not the lesson's now; U puts it back."
            }
            state.lessonSession = session
        }
    case .lessonPrevious:
        guard var session = state.lessonSession, session.stepIndex > 0 else { return [] }
        session.stepIndex -= 1
        session.hintsShown = 0
        session.answer = nil
        session.message = nil
        session.page = 0
        state.lessonSession = session
        state.enter(session.step)
    case .lessonHint:
        guard var session = state.lessonSession else { return [] }
        if session.hintsShown < session.step.hints.count { session.hintsShown += 1 } else {
            session.message = session.step.hints.isEmpty ? "No hint for this step." : "That was the last hint."
        }
        state.lessonSession = session
    case .lessonPageDown, .lessonPageUp:
        guard var session = state.lessonSession else { return [] }
        let last = LessonPaneView.mostPages(state) - 1
        session.page = action == .lessonPageDown ? min(session.page + 1, last) : max(min(session.page, last) - 1, 0)
        state.lessonSession = session
    case .restoreModel:
        state.restoreModel()
    case let .returnToModel(choice):
        let old = state.model
        if state.modelHistory.last == choice { state.modelHistory.removeLast() }
        state.show(choice)
        if state.spec != old.spec || choice.network != nil { state.keepGhost(of: old) }
    case .cycleHeatmap:
        let layers = HeatmapLayer.layers(for: state.spec.cell)
        state.heatmapLayer = layers[((layers.firstIndex(of: state.heatmapLayer) ?? 0) + 1) % layers.count]
    case .toggleGradientAxis:
        state.gradientAxis = state.gradientAxis == nil ? GradientView.automaticRange(state) : nil
    case .helpPageDown:
        state.helpPage = min(state.helpPage + 1, HelpView.mostPages() - 1)
    case .helpPageUp:
        state.helpPage = max(state.helpPage - 1, 0)
    case let .lessonAnswer(choice):
        guard var session = state.lessonSession, let question = session.step.question, choice >= 0,
              choice < question.choices.count else { return [] }
        session.answer = choice
        session.message = question.choices[choice].feedback
        state.lessonSession = session
    case .homeUp:
        state.homeCursor = max(0, state.homeCursor - 1)
    case .homeDown:
        state.homeCursor = min(state.homeMenu.count - 1, state.homeCursor + 1)
    case .homeOpen:
        let items = state.homeMenu
        guard state.homeCursor < items.count else { return [] }
        switch items[state.homeCursor] {
        case let .lesson(index):
            openLesson(index, in: &state)
        case .freePlay:
            state.screen = .main
            state.underlyingScreen = .main
            state.returnsHome = true
        case .race: return apply(&state, .startTraining(race: true))
        case let .follow(name): return [.follow(name)]
        case .help: return apply(&state, .show(.help))
        }
    case let .homeChoose(item):
        guard (0..<state.homeMenu.count).contains(item) else { return [] }
        state.homeCursor = item
        return apply(&state, .homeOpen)
    case let .sharedSessions(names):
        let items = state.homeMenu
        let current = state.homeCursor < items.count ? items[state.homeCursor] : nil
        state.sharedSessions = names
        // The cursor stays on the item it was on.
        state.homeCursor = state.homeMenu.firstIndex { $0 == current } ?? min(state.homeCursor, state.homeMenu.count - 1)
    case let .open(opening):
        state.open(opening)
    case let .jacobiansComputed(triangle):
        state.receive(triangle)
    case let .analysisComputed(analysed):
        state.receive(analysed)
    case let .stepsTimed(times):
        state.receive(times)
    case .inspectTrainedModel:
        guard let run = state.training?.selected else { return [] }
        return apply(&state, .showWeights(run.network, run.testExample, run.config.spec))
    case let .showWeights(network, sequence, spec):
        guard network.config == spec.config else { return [] }
        state.show(network: network, sequence: sequence ?? spec.makeSequence(), spec: spec)
        state.screen = .main
        state.underlyingScreen = .main
    case .quit:
        if state.returnsHome && state.screen != .home {
            goHome(&state)
            return [.stopTicking]
        }
        state.quitting = true
        return [.stopTicking, .quit]
    }
    return []
}

/// Opens lesson `index` of the library where the learner left it, to come back home with q.
private func openLesson(_ index: Int, in state: inout ExplorerState) {
    let lesson = state.library[index]
    let saved = state.progress.lessons[lesson.id]
    let library = state.library, progress = state.progress, sessions = state.sharedSessions
    // A lesson finished before opens at its start again, still marked done.
    let finished = saved.map { $0.passed.count == lesson.steps.count && $0.passed.allSatisfy { $0 } } ?? false
    state = ExplorerState(lesson: lesson, step: finished ? 0 : saved?.step ?? 0)
    if let passed = saved?.passed, passed.count == lesson.steps.count { state.lessonSession?.passed = passed }
    state.library = library
    state.progress = progress
    state.sharedSessions = sessions
    state.returnsHome = true
}

/// Back to the home screen from a lesson or free play, the cursor on what comes next: the lesson after
/// one just finished, or the one left unfinished.
private func goHome(_ state: inout ExplorerState) {
    let library = state.library, progress = state.progress, sessions = state.sharedSessions
    let lessonIndex = state.lessonSession.flatMap { session in library.firstIndex { $0.id == session.lesson.id } }
    let finished = state.lessonSession?.complete == true
    state = ExplorerState(spec: ExperimentSpec())
    state.library = library
    state.progress = progress
    state.sharedSessions = sessions
    state.screen = .home
    state.underlyingScreen = .home
    let items = state.homeMenu
    if let k = lessonIndex {
        let target = finished && k + 1 < library.count ? k + 1 : k
        state.homeCursor = items.firstIndex(of: .lesson(target)) ?? 0
    } else {
        state.homeCursor = items.firstIndex(of: .freePlay) ?? 0
    }
}

private func atEnd(_ state: ExplorerState) -> Bool {
    state.phase == .forward ? state.cursor >= state.length : state.cursor <= 1
}

private func stopPlaying(_ state: inout ExplorerState) -> [Effect] {
    guard state.playing else { return [] }
    state.playing = false
    return [.stopTicking]
}
