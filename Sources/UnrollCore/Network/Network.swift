/// A recurrent network's configuration and its parameters, flat, in PyTorch's layout.
public struct Network: Equatable, Sendable {
    /// The shape of the network.
    public let config: NetworkConfig
    /// Where each named tensor lives in `parameters`.
    public let layout: ParameterLayout
    /// All parameters, one flat vector.
    public var parameters: [Float]

    /// A network of the given shape with every parameter zero.
    public init(config: NetworkConfig) {
        self.config = config
        self.layout = ParameterLayout(config)
        self.parameters = [Float](repeating: 0, count: layout.count)
    }

    /// The values of the tensor `name` (row-major), or nil when the network has no such tensor.
    public func tensor(_ name: String) -> [Float]? {
        guard let e = layout.entry(name) else { return nil }
        return Array(parameters[e.offset..<(e.offset + e.count)])
    }

    /// Replaces the values of the tensor `name`; the count must match.
    public mutating func setTensor(_ name: String, _ values: [Float]) {
        guard let e = layout.entry(name), e.count == values.count else {
            preconditionFailure("tensor \(name) does not take \(values.count) values")
        }
        parameters.replaceSubrange(e.offset..<(e.offset + e.count), with: values)
    }

    /// The recurrence factors λ = exp(−exp(ν)) of an `ssm` direction.
    public func lambda(direction: Int = 0) -> [Float] {
        (tensor("nu_log" + ParameterLayout.suffix(direction: direction)) ?? []).map { ssmLambda(nuLog: $0) }
    }
}

/// λ = exp(−exp(ν)): every real ν gives 0 < λ < 1 (the LRU parameterisation of Orvieto et al. 2023).
public func ssmLambda(nuLog: Float) -> Float {
    _exp(-_exp(nuLog))
}

/// ν = log(−log λ), the inverse of `ssmLambda(nuLog:)`, for 0 < λ < 1.
public func ssmNuLog(lambda: Float) -> Float {
    Float(_log(-_log(Double(lambda))))
}
