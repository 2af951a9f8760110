import UnrollCore

/// Everything that can change the explorer's state. Keys, a lesson script and a classroom follower all
/// speak in these; randomness and time enter only as data carried here.
public enum Action: Equatable, Sendable {
    /// One step forward in time (→): in the backward pass, one step back towards t = T.
    case stepForward
    /// One step back in time (←): in the backward pass, one step further towards t = 1.
    case stepBack
    /// To the start of the current pass (Home).
    case toStart
    /// To the end of the current pass (End).
    case toEnd
    /// Start or leave the backward pass (b).
    case toggleBackward
    /// Play or pause (Space).
    case togglePlay
    /// One tick of the play clock.
    case tick
    /// Play faster (>) or slower (<).
    case faster, slower
    /// Scale the recurrent weights up (+) or down (−).
    case scaleRecurrentUp, scaleRecurrentDown
    /// The next cell type on the same seed and inputs (c).
    case cycleCell
    /// Gradient clipping on or off (k).
    case toggleClipping
    /// A new seed, drawn by the runtime (r).
    case reseed(UInt64)
    /// The next or previous unit (Tab, Shift-Tab).
    case nextUnit, previousUnit
    /// A click: the cursor to step t (1-based; where the pass allows it, playing stops), unit u selected.
    case select(step: Int?, unit: Int?)
    /// Show the main screen, where the gradient comes from, help, or the settings panel.
    case show(Screen)
    /// Back to the previous screen (Esc, q on an overlay).
    case closeOverlay
    /// Settings panel: move the cursor, change the value under it.
    case settingsUp, settingsDown, settingsIncrease, settingsDecrease
    /// Replace the whole experiment (lessons, loading a model).
    case setSpec(ExperimentSpec)
    /// Train the current experiment (t), or race the four cells on it (R), on the training screen.
    case startTraining(race: Bool)
    /// Pause or resume training.
    case toggleTrainingPause
    /// Training: the next or previous run for the side panels to describe (Tab, Shift-Tab in a race).
    case nextRun, previousRun
    /// Training: wait longer (<) or less (>) after each update.
    case trainingSlower, trainingFaster
    /// Progress reported by the runtime's trainer.
    case trainingProgress([TrainingProgress])
    /// Step through a test example with the chosen run's current weights.
    case inspectTrainedModel
    /// Show these weights on this sequence: what inspecting a trained model sends to followers and
    /// recordings, which do not have the run's weights.
    case showWeights(Network, SequenceData?, ExperimentSpec)
    /// Lessons: go on when the step has passed (n), back (p), the next hint (h), answer the question (1–4).
    case lessonNext, lessonPrevious, lessonHint
    /// Lessons: the next or previous page of a step's text that needs more than one (PgDn, PgUp).
    case lessonPageDown, lessonPageUp
    /// The model the session opened with, or a lesson's model at its step (U).
    case restoreModel
    /// Undo (u): back to the model shown before the last change, carried whole so a follower needs no history.
    case returnToModel(ModelChoice)
    /// The heatmap's next layer: h, then c and f for the LSTM, z for the GRU (v).
    case cycleHeatmap
    /// The gradient plot's axis fixed where it is now, or back to rescaling to fit (a).
    case toggleGradientAxis
    /// Help: the next or previous page (PgDn, PgUp, ↓, ↑).
    case helpPageDown, helpPageUp
    case lessonAnswer(Int)
    /// Home screen: move the cursor, open the item under it.
    case homeUp, homeDown, homeOpen
    /// Home screen: open item k (a click on it).
    case homeChoose(Int)
    /// Settings: the cursor to row k (a click on it).
    case settingsSelect(Int)
    /// The classroom sessions shared on this machine now (the runtime looks while the home screen shows).
    case sharedSessions([String])
    /// The Jacobian triangle computed off the key path (dropped if the model has changed since).
    case jacobiansComputed(JacobianTriangle)
    /// The gradient and spectrum computed off the key path (dropped if the model has changed since).
    case analysisComputed(AnalysedModel)
    /// Each step's time, measured off the key path (dropped if the model has changed since).
    case stepsTimed(StepTimes)
    /// What the launcher opens the session with: the course, saved progress, a notice, the home screen.
    case open(Opening)
    /// Leave the program.
    case quit
}

/// The screens of the explorer.
public enum Screen: Equatable, Sendable, CaseIterable {
    case main
    /// The triangle of Jacobian norms and the BPTT sum split by step.
    case sources
    case help
    case settings
    /// Loss curves, gradient norms and the gradient profile of training runs.
    case training
    /// The lessons, free play and the race, to choose from.
    case home
    /// The recurrence unrolled over the visible steps, a box per step, forward and backward.
    case unrolled
    /// The parallel scan of a diagonal recurrence, round by round, beside the loop.
    case scan
    /// The model read as a stream up to the cursor: the series, its forecasts, its error beside repeating the
    /// last value, what it holds and the µs a step took.
    case stream
}

/// Work for the runtime to do: `update` never does I/O itself.
public enum Effect: Equatable, Sendable {
    /// Start delivering `.tick` every `milliseconds`.
    case startTicking(milliseconds: Int)
    /// Stop the ticks.
    case stopTicking
    /// Train these configurations off the UI thread, reporting `.trainingProgress`.
    case train([TrainingConfig])
    /// Pause (true) or resume (false) the training.
    case pauseTraining(Bool)
    /// Wait this long after each training update from now on (0: full speed).
    case trainingDelay(milliseconds: Int)
    /// Save where the lesson stands (atomically, in the user's state directory).
    case saveLessonProgress(id: String, step: Int, passed: [Bool])
    /// Compute the Jacobian triangle off the key path, reporting `.jacobiansComputed`; a newer request
    /// makes an older one moot.
    case computeJacobians(JacobianRequest)
    /// Compute the gradient and spectrum of a model off the key path, reporting `.analysisComputed`.
    case computeAnalysis(AnalysisRequest)
    /// Time every step of a model, one at a time, off the key path, reporting `.stepsTimed`.
    case timeSteps(StepTimingRequest)
    /// Leave the explorer to follow a shared classroom session.
    case follow(String)
    /// Leave the program.
    case quit
}
