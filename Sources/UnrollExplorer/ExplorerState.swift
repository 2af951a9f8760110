import UnrollCore

/// Which way time is being walked.
public enum Phase: Equatable, Sendable {
    /// The forward pass: steps 1 … cursor have run.
    case forward
    /// The backward pass: gradients at steps cursor … T have arrived.
    case backward
}

/// The whole state of the explorer. One value, changed only by `update`.
public struct ExplorerState: Sendable {
    /// The experiment on screen.
    public private(set) var spec: ExperimentSpec
    /// What the kernels computed for it.
    public private(set) var model: ComputedModel
    /// Forward: how many steps have run (0 … T). Backward: the earliest step the gradient has reached (1 … T).
    public var cursor: Int
    /// Forward or backward.
    public var phase: Phase
    /// The selected unit, 0 ..< D·H (the reverse direction's units follow the forward ones).
    public var selectedUnit: Int
    /// The screen shown, and the one an overlay returns to.
    public var screen: Screen, underlyingScreen: Screen
    /// The row of the settings panel under the cursor.
    public var settingsCursor: Int
    /// The page of the help screen shown.
    public var helpPage = 0
    /// Whether time advances by itself.
    public var playing: Bool
    /// Index into `playIntervals`.
    public var speedIndex: Int
    /// Gradient clipping by global norm, and its threshold.
    public var clipping: Bool, clipThreshold: Float
    /// The Jacobian triangle, once the screen showing it has asked for it (see `currentJacobians`).
    public var jacobians: JacobianTriangle?
    /// The model version whose triangle is being computed off the key path.
    public var jacobiansAwaited: Int?
    /// The model version whose gradient and spectrum are being computed off the key path.
    public var analysisAwaited: Int?
    /// The measured time of each step, once the runtime has timed the model (see `currentStepTimes`).
    public var stepTimes: StepTimes?
    /// The model version being timed off the key path.
    public var stepTimesAwaited: Int?
    /// Whether the program is leaving.
    public var quitting: Bool
    /// Training runs on the training screen, once started.
    public var training: TrainingSession?
    /// The lesson being followed, if any.
    public var lessonSession: LessonSession?
    /// The shipped lessons, for the home screen.
    public var library: [Lesson] = []
    /// Where the user left each lesson.
    public var progress = LessonProgress()
    /// The home screen's cursor.
    public var homeCursor = 0
    /// Classroom sessions that can be followed, for the home screen.
    public var sharedSessions: [String] = []
    /// A line for the home screen (why a session could not be followed).
    public var homeNotice: String?
    /// Whether q goes back to the home screen (a lesson or free play opened from it) instead of quitting.
    public var returnsHome = false
    /// What the heatmap under the timeline shows (v cycles through the layers the cell has).
    public var heatmapLayer: HeatmapLayer = .hidden
    /// How many rounds of the parallel scan the scan screen has run (→ and ← there step them).
    public var scanRound = 0
    /// The gradient plot's decades when fixed (a), so two models are drawn on one axis; nil rescales to fit.
    public var gradientAxis: DecadeRange?
    /// The gradient curve of the model before the last change, drawn faintly under the current one.
    public internal(set) var ghost: GradientGhost?
    /// The model shown when the settings opened: every change made in them is compared with it, so stepping
    /// an option through its values leaves the ghost of where it started, not of the value before last.
    var settingsOpening: ComputedModel?
    /// The models before each change, most recent last, for u; emptied when a lesson moves to another step.
    public internal(set) var modelHistory: [ModelChoice] = []
    /// Counts model replacements (new spec or new weights), so `update` can tell that the model changed.
    public private(set) var modelVersion = 0
    /// The model the session opened with, which U restores outside a lesson (in one, the lesson's model).
    public let opening: (spec: ExperimentSpec, network: Network?, sequence: SequenceData?, clipping: Bool)

    /// Milliseconds between steps while playing, slowest first.
    public static let playIntervals = [1000, 500, 250, 120, 60, 30]

    /// Weights (and a sequence) given from outside the spec: a trained model. Kept while the network's shape
    /// and the task stay the same.
    public private(set) var givenWeights: (network: Network, sequence: SequenceData?)?

    /// The explorer on `spec`, before the first step; with `network`, on those weights instead of the seed's.
    public init(spec: ExperimentSpec, network: Network? = nil, sequence: SequenceData? = nil, clipThreshold: Float = 1,
                clipping: Bool = false) {
        self.spec = spec
        opening = (spec, network, sequence, clipping)
        givenWeights = network.map { ($0, sequence) }
        model = ComputedModel(spec: spec, network: network, sequence: sequence, deferringAnalysis: AnalysisCost.defers(spec))
        cursor = 0
        phase = .forward
        selectedUnit = 0
        screen = .main
        underlyingScreen = .main
        settingsCursor = 0
        playing = false
        speedIndex = 2
        self.clipping = clipping
        self.clipThreshold = clipThreshold
        jacobians = nil
        jacobiansAwaited = nil
        analysisAwaited = nil
        stepTimes = nil
        stepTimesAwaited = nil
        quitting = false
        training = nil
        lessonSession = nil
    }

    /// Replaces the experiment and recomputes everything; the position in time and the unit are kept where
    /// they still exist.
    public mutating func setSpec(_ newSpec: ExperimentSpec) {
        guard newSpec != spec else { return }
        let keepsWeights = newSpec.config == spec.config && newSpec.task == spec.task && newSpec.length == spec.length
            && newSpec.seed == spec.seed && newSpec.initOptions == spec.initOptions && newSpec.recurrentScale == spec.recurrentScale
        if !keepsWeights { givenWeights = nil }
        spec = newSpec
        replaceModel(computed(newSpec, network: givenWeights?.network, sequence: givenWeights?.sequence))
    }

    /// The model of `spec` as a key press computes it: whole when that is quick, else the forward pass with
    /// the analysis left to `derivedWork`.
    private func computed(_ spec: ExperimentSpec, network: Network? = nil, sequence: SequenceData? = nil) -> ComputedModel {
        ComputedModel(spec: spec, network: network, sequence: sequence, deferringAnalysis: AnalysisCost.defers(spec))
    }

    /// Gives the model on screen the analysis computed for it off the key path.
    mutating func attachAnalysis(_ analysis: ModelAnalysis) { model.attach(analysis) }

    /// Puts `newModel` (of `spec`) on screen, keeping time, the unit and the heatmap's layer where they still exist.
    private mutating func replaceModel(_ newModel: ComputedModel) {
        model = newModel
        modelVersion += 1
        if !HeatmapLayer.layers(for: spec.cell).contains(heatmapLayer) { heatmapLayer = .hidden }
        cursor = min(cursor, model.length)
        if phase == .backward { cursor = max(1, cursor) }
        selectedUnit = min(selectedUnit, model.network.config.directionCount * spec.hidden - 1)
        jacobians = nil
    }

    /// T.
    public var length: Int { model.length }

    /// The direction (0 forward, 1 reverse) and unit within it of the selected unit.
    public var selectedDirectionAndUnit: (direction: Int, unit: Int) {
        (selectedUnit / spec.hidden, selectedUnit % spec.hidden)
    }

    /// The parameter-gradient norm after clipping (equal to before when clipping is off or not needed).
    public var clippedGradientNorm: Float {
        let n = model.analysis?.gradientNorm ?? .nan
        guard clipping, n.isFinite, n > clipThreshold else { return n }
        return clipThreshold
    }

    /// Whether the backward pass has reached step 1.
    public var backwardComplete: Bool { phase == .backward && cursor == 1 }
}

extension ExplorerState {
    /// Puts back the model this session opened with, or in a lesson the lesson's model at this step:
    /// whatever keys and settings changed, the picture the text describes comes back.
    public mutating func restoreModel() {
        if let model = lessonModel {
            setSpec(model.spec)
            clipping = model.clipping
        } else if let network = opening.network {
            show(network: network, sequence: opening.sequence ?? opening.spec.makeSequence(), spec: opening.spec)
            clipping = opening.clipping
        } else {
            setSpec(opening.spec)
            clipping = opening.clipping
        }
    }

    /// The model on screen, as `u` would come back to it.
    public var modelChoice: ModelChoice {
        ModelChoice(spec: spec, network: givenWeights?.network, sequence: givenWeights?.sequence, clipping: clipping)
    }

    /// Shows `choice` where time stands now (the cursor kept where it still exists): what `u` goes back to.
    mutating func show(_ choice: ModelChoice) {
        if let network = choice.network {
            spec = choice.spec
            givenWeights = (network, choice.sequence)
            replaceModel(computed(choice.spec, network: network, sequence: choice.sequence))
        } else if givenWeights != nil && choice.spec == spec {
            // The same spec on the seed's weights instead of given ones: setSpec sees no change to make.
            givenWeights = nil
            replaceModel(computed(spec))
        } else {
            givenWeights = nil
            setSpec(choice.spec)
        }
        clipping = choice.clipping
    }

    /// Shows `network` (trained weights) on `sequence`, from the first step.
    public mutating func show(network: Network, sequence: SequenceData, spec newSpec: ExperimentSpec) {
        spec = newSpec
        givenWeights = (network, sequence)
        cursor = 0
        phase = .forward
        replaceModel(computed(newSpec, network: network, sequence: sequence))
    }
}
