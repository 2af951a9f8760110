import UnrollCore

/// What the causal attention layer costs at one size, the best of several runs each: the whole sequence
/// forward and forward + backward (ms), and one cached token at positions 10, 100 and 1000 (µs), with the
/// bytes its key/value cache holds there.
public struct AttentionTiming: Sendable {
    public let width: Int, heads: Int, feedForward: Int, length: Int
    public let forwardMilliseconds: Double, backwardMilliseconds: Double
    /// (position, µs for that token, cache bytes after it)
    public let tokens: [(position: Int, microseconds: Double, cacheBytes: Int)]

    /// Times the layer PyTorch's bench runs beside it: one input feature, width H, `heads`, feed-forward 2H.
    public static func measure(width: Int, heads: Int, length: Int, seconds: Double = 0.2) -> AttentionTiming {
        let positions = [10, 100, 1000].filter { $0 <= length }
        let config = AttentionConfig(inputSize: 1, width: width, heads: heads, feedForward: 2 * width, maxLength: max(length, 1000))
        var generator = SeededGenerator(seed: 11)
        let layer = CausalAttentionLayer(config: config, generator: &generator)
        let inputs = (0..<max(length, 1000)).map { _ in generator.normal() }
        let sequence = Array(inputs.prefix(length))
        let upstream = (0..<(length * width)).map { _ in generator.normal() }
        func best(_ run: () -> Float) -> Double {
            let clock = ContinuousClock()
            var fastest = Double.infinity, spent = 0.0, runs = 0
            blackHole(run())
            while spent < seconds || runs < 3 {
                let s = clock.measure { blackHole(run()) }.inSeconds
                fastest = min(fastest, s)
                spent += s
                runs += 1
            }
            return fastest
        }
        let forward = best { layer.forward(sequence, length: length).outputs[0] }
        let backward = best {
            layer.backward(layer.forward(sequence, length: length), outputGradient: upstream).parameters[0]
        }
        // One token at position p: the cache filled with the p tokens before it, then that token alone.
        let tokens = positions.map { position -> (Int, Double, Int) in
            var cache = KeyValueCache(config: config)
            for t in 0..<(position - 1) { _ = layer.step([inputs[t]], cache: &cache) }
            // Each run adds the token and takes it back, so every run sees the same p − 1 tokens before it.
            let seconds = best {
                let output = layer.step([inputs[position - 1]], cache: &cache).output[0]
                cache.removeLast()
                return output
            }
            _ = layer.step([inputs[position - 1]], cache: &cache)
            return (position, seconds * 1e6, cache.bytes)
        }
        return AttentionTiming(width: width, heads: heads, feedForward: 2 * width, length: length,
                               forwardMilliseconds: forward * 1000, backwardMilliseconds: backward * 1000, tokens: tokens)
    }
}
