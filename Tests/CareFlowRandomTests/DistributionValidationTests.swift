import Testing
import CareFlowRandom

struct InvalidCase: Sendable, CustomTestStringConvertible {
    let label: String
    let parameter: String
    let make: @Sendable () throws -> Distribution
    var testDescription: String { label }
}

let invalidCases: [InvalidCase] = [
    .init(label: "fixed(inf)", parameter: "value") { try .fixed(.infinity) },
    .init(label: "uniform max = min", parameter: "max") { try .uniform(min: 5, max: 5) },
    .init(label: "uniform min NaN", parameter: "min") { try .uniform(min: .nan, max: 1) },
    .init(label: "exponential mean 0", parameter: "mean") { try .exponential(mean: 0) },
    .init(label: "exponential mean -1", parameter: "mean") { try .exponential(mean: -1) },
    .init(label: "exponential mean NaN", parameter: "mean") { try .exponential(mean: .nan) },
    .init(label: "normal sd 0", parameter: "sd") { try .normal(mean: 0, sd: 0) },
    .init(label: "normal mean inf", parameter: "mean") { try .normal(mean: .infinity, sd: 1) },
    .init(label: "normal lower cuts off > 99%", parameter: "lower") { try .normal(mean: 0, sd: 1, lower: 3) },
    .init(label: "normal lower NaN", parameter: "lower") { try .normal(mean: 0, sd: 1, lower: .nan) },
    .init(label: "lognormal mean -1", parameter: "mean") { try .lognormal(mean: -1, sd: 1) },
    .init(label: "lognormal sd 0", parameter: "sd") { try .lognormal(mean: 1, sd: 0) },
    .init(label: "gamma shape 0", parameter: "shape") { try .gamma(shape: 0, scale: 1) },
    .init(label: "gamma scale -2", parameter: "scale") { try .gamma(shape: 1, scale: -2) },
    .init(label: "erlang k 0", parameter: "k") { try .erlang(k: 0, mean: 1) },
    .init(label: "erlang mean 0", parameter: "mean") { try .erlang(k: 2, mean: 0) },
    .init(label: "weibull scale 0", parameter: "scale") { try .weibull(scale: 0, shape: 1) },
    .init(label: "weibull shape -1", parameter: "shape") { try .weibull(scale: 1, shape: -1) },
    .init(label: "triangular mode above max", parameter: "mode") { try .triangular(min: 0, mode: 5, max: 4) },
    .init(label: "triangular max = min", parameter: "max") { try .triangular(min: 3, mode: 3, max: 3) },
    .init(label: "pert mode below min", parameter: "mode") { try .pert(min: 0, mode: -1, max: 10) },
    .init(label: "pert max < min", parameter: "max") { try .pert(min: 10, mode: 5, max: 0) },
    .init(label: "discrete no values", parameter: "values") { try .discrete(values: [], weights: []) },
    .init(label: "discrete weight count", parameter: "weights") { try .discrete(values: [1, 2], weights: [1]) },
    .init(label: "discrete negative weight", parameter: "weights") { try .discrete(values: [1], weights: [-1]) },
    .init(label: "discrete zero weights", parameter: "weights") { try .discrete(values: [1, 2], weights: [0, 0]) },
    .init(label: "discrete NaN value", parameter: "values") { try .discrete(values: [.nan], weights: [1]) },
    .init(label: "categorical zero weights", parameter: "weights") { try .categorical(weights: [0, 0]) },
    .init(label: "empirical one point", parameter: "values") { try .empirical(values: [1], cumulative: [0]) },
    .init(label: "empirical count mismatch", parameter: "cumulative") { try .empirical(values: [0, 1, 2], cumulative: [0, 1]) },
    .init(label: "empirical starts above 0", parameter: "cumulative") { try .empirical(values: [0, 1], cumulative: [0.1, 1]) },
    .init(label: "empirical ends below 1", parameter: "cumulative") { try .empirical(values: [0, 1], cumulative: [0, 0.9]) },
    .init(label: "empirical values decrease", parameter: "values") { try .empirical(values: [2, 1], cumulative: [0, 1]) },
    .init(label: "empirical cumulative decreases", parameter: "cumulative") { try .empirical(values: [0, 1, 2], cumulative: [0, 0.7, 0.5]) },
    .init(label: "poisson mean 0", parameter: "mean") { try .poisson(mean: 0) },
    .init(label: "bernoulli p 1.5", parameter: "p") { try .bernoulli(p: 1.5) },
    .init(label: "bernoulli p NaN", parameter: "p") { try .bernoulli(p: .nan) },
]

@Suite("Distribution parameter validation")
struct DistributionValidationTests {
    @Test("invalid parameters are rejected with an error naming the parameter", arguments: invalidCases)
    func rejectsInvalidParameter(_ c: InvalidCase) {
        let error = #expect(throws: DistributionError.self) { try c.make() }
        #expect(error?.parameter == c.parameter, "\(c.label): \(String(describing: error))")
        #expect(error?.description.hasPrefix("\(c.parameter): ") == true)
    }

    @Test("boundary parameters that are valid are accepted")
    func acceptsBoundaries() throws {
        _ = try Distribution.triangular(min: 0, mode: 0, max: 1)
        _ = try Distribution.triangular(min: 0, mode: 1, max: 1)
        _ = try Distribution.bernoulli(p: 0)
        _ = try Distribution.bernoulli(p: 1)
        _ = try Distribution.fixed(-2)
        _ = try Distribution.normal(mean: 0, sd: 1, lower: 2.3)
        _ = try Distribution.discrete(values: [1, 2], weights: [0, 1])
    }
}
