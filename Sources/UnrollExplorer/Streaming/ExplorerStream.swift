import UnrollCore

/// The explorer's stream screen: the model on screen read as a stream, one value a step up to the cursor,
/// drawn as `unroll stream` draws a live one. Its numbers come from the trace (the forecasts, the state),
/// the step costs (the bytes held) and the process's own timing of each step, once measured.
extension ExplorerState {
    /// The scaling that turns the model's standardised inputs and outputs back into the series' own units.
    var streamScaling: (input: SeriesScaling, output: SeriesScaling) {
        if let series = spec.series { return (series.inputScaling, series.targetScaling) }
        let scaling = SeriesScaling.of(spec.task)
        return (scaling, scaling)
    }

    /// Whether the outputs forecast the next input, so that a one-step-ahead error means something.
    var streamForecasts: Bool { spec.series?.forecastsItsInput ?? spec.task.forecastsItsInput }

    /// The first input at steps 1 … cursor and the first output, in the series' units.
    private var streamSeries: (values: [Float], outputs: [Float]) {
        let trace = model.trace, (input, output) = streamScaling
        let i = trace.config.inputSize, o = trace.config.outputSize
        // The backward pass comes after the whole forward one: the stream has read every value by then.
        let steps = phase == .backward ? trace.length : max(0, min(cursor, trace.length))
        return ((0..<steps).map { input.raw(trace.sequence.inputs[$0 * i]) }, (0..<steps).map { output.raw(trace.outputs[$0 * o]) })
    }

    /// The one-step-ahead errors up to the cursor: the model's forecast of value t made at step t − 1, and
    /// repeating value t − 1, each as a root mean square over the steps where both are finite (nil before
    /// the second value, or when the outputs are not forecasts).
    public var streamErrors: (model: Double, baseline: Double, scored: Int)? {
        guard streamForecasts else { return nil }
        let (values, outputs) = streamSeries
        var model = 0.0, baseline = 0.0, scored = 0
        for t in values.indices.dropFirst() {
            let e = Double(values[t]) - Double(outputs[t - 1]), b = Double(values[t]) - Double(values[t - 1])
            guard e.isFinite, b.isFinite else { continue }
            model += e * e
            baseline += b * b
            scored += 1
        }
        return scored == 0 ? nil : ((model / Double(scored)).squareRoot(), (baseline / Double(scored)).squareRoot(), scored)
    }

    /// What the stream screen draws at the cursor.
    public var streamPicture: StreamPicture {
        let (values, outputs) = streamSeries
        let points = values.indices.map { t in StreamPoint(value: values[t], forecasts: [t > 0 ? outputs[t - 1] : nil]) }
        let t = values.count
        let bytes = model.analysis?.costs.bytes
        var time: (median: Float, p99: Float, steps: Int)?
        if let all = currentStepTimes?.microseconds, t <= all.count {
            let recent = all[max(0, t - StreamForecaster.window)..<t]
            time = recent.medianAndP99.map { ($0.median, $0.p99, recent.count) }
        }
        let errors = streamErrors
        let reading = StreamedModelReading(
            name: "\(spec.cell.rawValue) H=\(spec.hidden)", holds: spec.cell.isRecurrent ? "state" : "key/value cache",
            heldBytes: t == 0 ? 0 : bytes.flatMap { t <= $0.count ? $0[t - 1] : nil }, microseconds: time,
            error: errors.map { Float($0.model) }, baselineError: errors.map { Float($0.baseline) }, scored: errors?.scored ?? 0,
            prediction: outputs.last)
        let direction = model.trace.directions.first
        let hidden = t > 0 ? direction?.hidden(at: t - 1) ?? [] : direction?.initialHidden ?? []
        let cell = spec.cell.hasCellState && t > 0 ? direction?.cell(at: t - 1) : nil
        return StreamPicture(title: "", count: t, points: points, forecasts: streamForecasts, models: [reading],
                             hidden: hidden, cell: cell, status: "step \(t) of \(model.length)", keys: [])
    }
}
