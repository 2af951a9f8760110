// The diagonal cells (ssm, mingru, selective) over a whole sequence by the scan: three passes where the loop
// takes one. Every step's projections and coefficients (aₜ, bₜ) side by side, since none reads the state
// before it; the linear recurrence stateₜ = aₜ ∘ stateₜ₋₁ + bₜ by the associative scan; then what a step
// computes from its state (selective's hₜ = sₜ Cₜ + D ∘ uₜ), side by side again. Backpropagation is the same
// in reverse: the gradient through time by the reverse scan, then every step's backward step at once. This
// is how Mamba and minGRU train in parallel; the loop and the scan give the same numbers to float rounding.

import Foundation

/// The cores the scan passes run on.
public let scanThreads = max(1, ProcessInfo.processInfo.activeProcessorCount)

/// How a diagonal cell's pass over a sequence runs: as `Network.forward` and `backward` choose, one step
/// after another, or by the scan. The choice never depends on the machine, and the scan's chunks depend on
/// T alone (`scanChunkCount`), so a seed gives the same numbers on every machine; the cores only share the work.
public enum PassSchedule: Sendable, Equatable {
    /// The scan where `unroll bench --scan` measured it to pay (see `PreparedDirection.scanThreads`).
    case automatic
    /// The loop.
    case loop
    /// The scan for the forward direction of a diagonal cell (other passes run the loop), on every core when
    /// `threads` is more than 1, else on this one.
    case scan(threads: Int)
}

extension PreparedDirection {
    /// Channels of the recurrence stateₜ = aₜ ∘ stateₜ₋₁ + bₜ: H, or H × N for `selective`.
    var recurrenceChannels: Int { cell.hasSelectiveState ? carriedWidth : hiddenSize }

    /// The threads this direction's forward (or backward) pass over `length` steps is given by the scan under
    /// `schedule`, or nil for the loop. Automatically, only the selective cell's forward pass over at least two
    /// chunks of steps (`scanMinimumChunk`): on two cores it measured 1.0–1.5x the loop for T ≥ 1000, where the
    /// backward passes and ssm's and minGRU's forward ones did not pay (0.6–1.2x: the scan reads its
    /// coefficients twice, and a loop step of ssm or minGRU is a few flops a unit).
    func scanThreads(length: Int, backward: Bool, schedule: PassSchedule) -> Int? {
        guard cell.isDiagonal else { return nil }
        switch schedule {
        case .loop: return nil
        case let .scan(threads): return max(1, threads)
        case .automatic:
            guard cell.hasSelectiveState, !backward, length >= 2 * scanMinimumChunk else { return nil }
            return UnrollCore.scanThreads
        }
    }
}

/// Pointers the passes share. Each piece of work writes only its own steps' rows of them.
private struct SharedPointers: @unchecked Sendable {
    let rows: [UnsafeMutablePointer<Float>]
    let inputs: UnsafePointer<Float>
    subscript(_ k: Int) -> UnsafeMutablePointer<Float> { rows[k] }
}

/// A function of the step that builds its pointers, called from several cores (it only does arithmetic).
private struct SharedSteps: @unchecked Sendable {
    let step: (Int) -> ForwardStep
}

/// Runs `body(t, scratch)` for every step t in `ranges`, the ranges side by side, each with its own
/// `scratchCount` floats of zeroed scratch.
private func forEachStep(in ranges: [Int], scratchCount: Int, _ body: @escaping (Int, UnsafeMutablePointer<Float>) -> Void) {
    let run = UncheckedRun(body)
    _ = parallelMap(ranges.count - 1) { k in
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: scratchCount)
        defer { scratch.deallocate() }
        scratch.initialize(repeating: 0, count: scratchCount)
        for t in ranges[k]..<ranges[k + 1] { run.body(t, scratch) }
        return 0
    }
}

/// Runs the forward direction of a diagonal cell over all T steps by the scan on `threads` cores, into the
/// same trace `unrollDirection` writes.
func unrollDirectionByScan(
    _ w: PreparedDirection, inputs: [Float], length: Int, h0: [Float], c0: [Float], threads: Int
) -> DirectionTrace {
    let h = w.hiddenSize, gh = w.gateRows, i = w.inputSize, cw = w.carriedWidth, channels = w.recurrenceChannels
    var states = uninitializedFloats((length + 1) * h)
    var cells = uninitializedFloats((length + 1) * cw)
    var pre = uninitializedFloats(length * gh), act = uninitializedFloats(length * gh)
    var a = uninitializedFloats(length * channels), b = uninitializedFloats(length * channels)
    states.replaceSubrange(0..<h, with: h0)
    if cw > 0 { cells.replaceSubrange(0..<cw, with: c0.prefix(cw)) }
    let ranges = stepRanges(length, pieces: 4 * threads)
    withPointers(&states, &cells, &pre, &act, &a) { sp, cp, pp, ap, coefficientA in
        withPointers(&b) { coefficientB in
            withReadPointer(inputs) { xp in
                let shared = SharedPointers(rows: [sp, cp, pp, ap, coefficientA, coefficientB], inputs: xp)
                // The state a step writes is row t + 1; the scan writes every state row after row 0.
                func step(_ t: Int, scratch: UnsafeMutablePointer<Float>) -> ForwardStep {
                    let c = cw > 0 ? shared[1] + (t + 1) * cw : scratch
                    return ForwardStep(x: shared.inputs + t * i, hPrev: shared[0] + t * h, cPrev: cw > 0 ? shared[1] + t * cw : scratch,
                                       pre: shared[2] + t * gh, act: shared[3] + t * gh, h: shared[0] + (t + 1) * h, c: c,
                                       cellTanh: scratch, candidateRecurrent: scratch, scratch: scratch)
                }
                func eachRange(_ body: @escaping (Int, UnsafeMutablePointer<Float>) -> Void) {
                    forEachStep(in: ranges, scratchCount: 2 * gh + 2 * h + cw, body)
                }
                eachRange { t, scratch in
                    let s = step(t, scratch: scratch)
                    w.project(s)
                    w.recurrenceCoefficients(s, a: shared[4] + t * channels, b: shared[5] + t * channels)
                }
                let state = cw > 0 ? cp : sp
                linearRecurrenceScan(a: coefficientA, b: coefficientB, initial: state, shape: ScanShape(steps: length, channels: channels),
                                     into: state + channels, threads: threads)
                if w.cell.hasSelectiveState {
                    eachRange { t, scratch in SelectiveCell.output(w, step(t, scratch: scratch)) }
                }
            }
        }
    }
    return DirectionTrace(reversed: false, length: length, hiddenSize: h, gateRows: gh, cellWidth: cw, states: states,
                          cellStates: cells, preactivations: pre, activations: act, cellTanh: [], candidateRecurrent: [])
}

/// A closure over trace pointers run from several cores: each call writes only its own step's rows.
private struct UncheckedRun: @unchecked Sendable {
    let body: (Int, UnsafeMutablePointer<Float>) -> Void
    init(_ body: @escaping (Int, UnsafeMutablePointer<Float>) -> Void) { self.body = body }
}

/// What backpropagation through one direction finds before the weight gradients are folded: the total
/// ∂L/∂hₜ and ∂L/∂cₜ (or ∂L/∂sₜ) at every step, the projections' gradients, each step's term of ∂L/∂W_hh
/// (or its stand-in) and the gradient reaching the initial states.
struct DirectionBackwardRows {
    var dh: [Float], dc: [Float], dGi: [Float], dGh: [Float], contribution: [Float]
    var initialHidden: [Float], initialCell: [Float]
}

/// Backpropagates the forward direction of a diagonal cell by the reverse scan on `threads` cores: the same
/// rows `backpropagateDirectionByLoop` writes. `external` is ∂L/∂hₜ from the readout (T × H).
func backpropagateDirectionByScan(
    _ w: PreparedDirection, trace: DirectionTrace, inputs: [Float], external: [Float], threads: Int
) -> DirectionBackwardRows {
    let h = w.hiddenSize, gh = w.gateRows, i = w.inputSize, length = trace.length, cw = w.carriedWidth
    let channels = w.recurrenceChannels, selective = w.cell.hasSelectiveState, n = w.stateSize
    var dhAll = uninitializedFloats(length * h), dcAll = uninitializedFloats(length * cw)
    var dGi = uninitializedFloats(length * gh), dGh = uninitializedFloats(length * gh)
    // aₜ, the gradient through time arriving at step t from the later steps, and what that recurrence adds
    // at each step: aₜ₊₁ ∘ eₜ₊₁, eₜ = ∂L/∂hₜ from outside (for `selective` ∂L/∂hₜ ⊗ Cₜ, through hₜ = sₜ Cₜ).
    var a = uninitializedFloats(length * channels), later = uninitializedFloats(length * channels)
    var arriving = uninitializedFloats(length * channels)
    var contribution = [Float](repeating: 0, count: length)
    var initial = [Float](repeating: 0, count: h + max(cw, h))
    let ranges = stepRanges(length, pieces: 4 * threads), scratchCount = 2 * gh + 4 * h + 2 * cw
    trace.withForwardSteps(inputs: inputs, inputSize: i) { forwardStep in
      // The steps' pointers are used only inside this call, by the passes below, which end before it does.
      withoutActuallyEscaping(forwardStep) { forwardStep in
        let steps = SharedSteps(step: forwardStep)
        withPointers(&dhAll, &dcAll, &dGi, &dGh, &a) { dhp, dcp, dgi, dgh, ap in
            withPointers(&later, &arriving) { lp, bp in withPointers(&contribution, &initial) { cont, start in
                withReadPointer(external) { ext in
                    let shared = SharedPointers(rows: [dhp, dcp, dgi, dgh, ap, lp, bp, cont, start], inputs: ext)
                    // One pass: step t's decay, and what it carries back to step t − 1, aₜ ∘ eₜ.
                    forEachStep(in: ranges, scratchCount: 0) { t, _ in
                        let decay = shared[4] + t * channels, e = shared.inputs + t * h
                        w.recurrenceDecay(steps.step(t), into: decay)
                        if t == length - 1 { (shared[6] + t * channels).update(repeating: 0, count: channels) }
                        guard t > 0 else { return }
                        let row = shared[6] + (t - 1) * channels
                        if selective {
                            let c = steps.step(t).act + 2 * h + n
                            for d in 0..<h { for k in 0..<n { row[d * n + k] = decay[d * n + k] * e[d] * c[k] } }
                        } else {
                            for j in 0..<h { row[j] = decay[j] * e[j] }
                        }
                    }
                    reverseLinearRecurrence(a: ap, b: bp, shape: ScanShape(steps: length, channels: channels), into: lp, threads: threads)
                    forEachStep(in: ranges, scratchCount: scratchCount) { t, scratch in
                        let forward = steps.step(t), dh = shared[0] + t * h, gradientLater = shared[5] + t * channels
                        // hₜ₋₁ does not enter a selective step: its ∂L/∂hₜ is the readout's alone.
                        for j in 0..<h { dh[j] = shared.inputs[t * h + j] + (selective ? 0 : gradientLater[j]) }
                        let previous = t == 0 ? shared[8] : scratch, zeros = scratch + 2 * gh + 2 * h + cw
                        w.backward(BackwardStep(
                            forward: forward, dh: dh, dcLater: selective ? gradientLater : zeros,
                            dcTotal: selective ? shared[1] + t * cw : scratch + h + cw,
                            dGi: shared[2] + t * gh, dGh: shared[3] + t * gh, dhPrev: previous, dcPrev: previous + h))
                        shared[7][t] = w.recurrentContribution(forward, dGi: shared[2] + t * gh, dGh: shared[3] + t * gh)
                    }
                }
            } }
        }
      }
    }
    return DirectionBackwardRows(dh: dhAll, dc: dcAll, dGi: dGi, dGh: dGh, contribution: contribution,
                                 initialHidden: Array(initial[0..<h]), initialCell: cw > 0 ? Array(initial[h..<(h + cw)]) : [])
}
