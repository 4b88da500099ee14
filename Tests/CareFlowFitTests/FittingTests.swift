import CareFlowRandom
import Foundation
import Testing
@testable import CareFlowFit

/// Maximum-likelihood fits against closed forms and published estimates.
@Suite struct FittingTests {
    // Lieblein & Zelen (1956) ball-bearing fatigue lives (millions of
    // revolutions), n = 23, as in Leemis (2009), Reliability, Example 8.1.
    static let bearings = [17.88, 28.92, 33.00, 41.52, 42.12, 45.60, 48.48, 51.84, 51.96, 54.12, 55.56, 67.80,
                           68.64, 68.64, 68.88, 84.12, 93.12, 98.64, 105.12, 105.84, 127.92, 128.04, 173.40]

    @Test func exponentialIsTheMeanAndCensoredTimeCounts() throws {
        let f = try #require(Fitter.fit(.exponential, DurationSample(exact: Self.bearings)))
        let mean = Self.bearings.reduce(0, +) / 23
        #expect(abs(f.values[0] - mean) < 1e-9 * mean)
        // Observed information: se = mean / sqrt(n).
        #expect(abs(f.parameters[0].se - mean / 23.0.squareRoot()) < 1e-4 * mean)
        // With censoring the MLE is total time on test over the number of events.
        let c = try #require(Fitter.fit(.exponential, DurationSample(exact: [1, 2, 3], censored: [4, 10])))
        #expect(abs(c.values[0] - 20.0 / 3) < 1e-12)
    }

    @Test func lognormalIsTheMomentsOfTheLogs() throws {
        let f = try #require(Fitter.fit(.lognormal, DurationSample(exact: Self.bearings)))
        let logs = Self.bearings.map(log)
        let mu = logs.reduce(0, +) / 23
        let sigma = (logs.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 23).squareRoot()
        #expect(abs(f.values[0] - mu) < 1e-12)
        #expect(abs(f.values[1] - sigma) < 1e-12)
        // Closed-form standard errors: sigma/sqrt(n) and sigma/sqrt(2n)
        // (numerical Hessian, central differences: relative error well under 1e-4).
        #expect(abs(f.parameters[0].se - sigma / 23.0.squareRoot()) < 1e-4 * sigma)
        #expect(abs(f.parameters[1].se - sigma / 46.0.squareRoot()) < 1e-4 * sigma)
    }

    /// Published Weibull MLE for the ball bearings: shape 2.102, scale 81.88
    /// (Lawless 2003, Statistical Models and Methods for Lifetime Data;
    /// Meeker & Escobar 1998), given to 4 significant digits.
    @Test func weibullMatchesThePublishedBallBearingFit() throws {
        let f = try #require(Fitter.fit(.weibull, DurationSample(exact: Self.bearings)))
        #expect(abs(f.values[0] - 2.102) < 0.0006)
        #expect(abs(f.values[1] - 81.88) < 0.006)
    }

    /// ReliaWiki, Life Data Analysis Reference, "Gamma Distribution Example":
    /// 24 units, MLE k = 50.4908 and mu = 7.72E-02 (ReliaSoft writes the
    /// scale as e^mu, so scale = 1.0803), reliawiki.com/index.php/Example:_Gamma_Distribution.
    @Test func gammaMatchesThePublishedReliaWikiFit() throws {
        let data: [Double] = [61, 50, 67, 49, 53, 62, 53, 61, 43, 65, 53, 56, 62, 56, 58, 55, 58, 48, 66, 44, 48, 58, 43, 40]
        let f = try #require(Fitter.fit(.gamma, DurationSample(exact: data)))
        #expect(abs(f.values[0] - 50.4908) < 0.0001 * 50.4908)
        // mu given to 3 significant digits: |log scale - 0.0772| < 0.00005.
        #expect(abs(log(f.values[1]) - 0.0772) < 0.00005)
        // The MLE satisfies the score equation log k - psi(k) = log(mean) - mean(log x).
        let mean = data.reduce(0, +) / 24, ml = data.map(log).reduce(0, +) / 24
        #expect(abs(log(f.values[0]) - FitNumerics.digamma(f.values[0]) - (log(mean) - ml)) < 1e-12)
    }

    /// Censored fits maximise the censored likelihood: it is at least as high
    /// there as at nearby points, and higher than at the uncensored estimate.
    @Test func censoredGammaAndLognormalMaximiseTheCensoredLikelihood() throws {
        let exact = Array(Self.bearings.prefix(18)), cens = [80.0, 90, 100, 110, 120]
        let s = DurationSample(exact: exact, censored: cens)
        for fam in [Family.gamma, .lognormal, .weibull] {
            let f = try #require(Fitter.fit(fam, s))
            let sums = Sums(s)
            let best = Fitter.logLikelihood(fam, f.values, s, sums)
            for d in [[1.001, 1.0], [0.999, 1.0], [1.0, 1.001], [1.0, 0.999]] {
                let v = [f.values[0] * d[0], f.values[1] * d[1]]
                #expect(Fitter.logLikelihood(fam, v, s, sums) <= best + 1e-9, "\(fam)")
            }
            let naive = try #require(Fitter.fit(fam, DurationSample(exact: exact)))
            #expect(Fitter.logLikelihood(fam, naive.values, s, sums) < best, "\(fam)")
            #expect(f.mean > naive.mean, "censoring at long times raises the mean (\(fam))")
        }
    }

    @Test func goodnessOfFitStatisticsMatchTheirDefinitions() throws {
        // Uniform-looking data against an exponential with mean 1: D and A² by hand.
        let x = [0.1, 0.5, 1.0, 2.0]
        let f = FittedDistribution(family: .exponential, parameters: [ParameterEstimate(name: "mean", value: 1, se: 0, ciLow: 0, ciHigh: 0)],
                                   logLikelihood: 0, n: 4, censored: 0)
        let F = x.map { 1 - exp(-$0) }
        var d = 0.0, sum = 0.0
        for i in 0..<4 {
            let lower: Double = F[i] - Double(i) / 4
            let upper: Double = Double(i + 1) / 4 - F[i]
            d = max(d, lower, upper)
            let term: Double = log(F[i]) + log(1 - F[3 - i])
            sum += Double(2 * i + 1) * term
        }
        let a = -4 - sum / 4
        let g = GoodnessOfFit.statistics(f, sortedExact: x)
        #expect(abs(g.ks - d) < 1e-12)
        #expect(abs(g.ad - a) < 1e-12)
    }

    @Test func kaplanMeierWithoutCensoringIsTheEmpiricalCDF() {
        let km = KaplanMeier.quantiles(DurationSample(exact: (1...20).map(Double.init)), steps: 4)
        #expect(km.values == [0, 5, 10, 15, 20])
        #expect(km.cumulative == [0, 0.25, 0.5, 0.75, 1])
    }

    @Test func wilsonIntervalMatchesItsFormula() {
        // 20 of 100 at 95%: Wilson interval 0.1333-0.2888 (Newcombe 1998, Table I method 3 style).
        let p = Proportion(label: "x", count: 20, total: 100, level: 0.95)
        #expect(abs(p.ciLow - 0.1333) < 0.0001)
        #expect(abs(p.ciHigh - 0.2888) < 0.0001)
    }
}
