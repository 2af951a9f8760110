import UnrollCore
import UnrollExplorer

/// Runs `keys` (names, as `unroll snapshot --keys` reads them) from a fresh explorer on `spec` and renders the
/// screen they leave at `width` × `height`: the state and the canvas, for a test to read.
public func screen(_ spec: ExperimentSpec = ExperimentSpec(), keys: String = "", width: Int = 80, height: Int = 24,
                   theme: Theme = .plainUnicode, clipping: Bool = false) throws -> (ExplorerState, Canvas) {
    let state = KeyScript.run(try KeyScript.keys(keys), from: ExplorerState(spec: spec, clipping: clipping))
    return (state, KeyScript.render(state, width: width, height: height, theme: theme))
}
