import CGSL

/// The GSL special functions and distribution functions that maximum-
/// likelihood fitting needs (CareFlowFit). Kept here because this is the
/// only module that imports CGSL; every function is a thin wrapper.
public enum FitNumerics {
    /// log Γ(x) (`gsl_sf_lngamma`).
    public static func lnGamma(_ x: Double) -> Double { GSL.setUp(); return gsl_sf_lngamma(x) }
    /// Digamma ψ(x) (`gsl_sf_psi`).
    public static func digamma(_ x: Double) -> Double { GSL.setUp(); return gsl_sf_psi(x) }
    /// Trigamma ψ'(x) (`gsl_sf_psi_1`).
    public static func trigamma(_ x: Double) -> Double { GSL.setUp(); return gsl_sf_psi_1(x) }

    /// Gamma CDF and upper tail with shape k and scale θ (`gsl_cdf_gamma_P/Q`).
    public static func gammaP(_ x: Double, shape k: Double, scale t: Double) -> Double { GSL.setUp(); return gsl_cdf_gamma_P(x, k, t) }
    public static func gammaQ(_ x: Double, shape k: Double, scale t: Double) -> Double { GSL.setUp(); return gsl_cdf_gamma_Q(x, k, t) }
    public static func gammaPinv(_ p: Double, shape k: Double, scale t: Double) -> Double { GSL.setUp(); return gsl_cdf_gamma_Pinv(p, k, t) }
    /// Gamma density (`gsl_ran_gamma_pdf`).
    public static func gammaPDF(_ x: Double, shape k: Double, scale t: Double) -> Double { GSL.setUp(); return gsl_ran_gamma_pdf(x, k, t) }

    /// Standard normal CDF and upper tail (`gsl_cdf_ugaussian_P/Q`).
    public static func normalP(_ z: Double) -> Double { GSL.setUp(); return gsl_cdf_ugaussian_P(z) }
    public static func normalQ(_ z: Double) -> Double { GSL.setUp(); return gsl_cdf_ugaussian_Q(z) }

    /// Upper tail of the Kolmogorov distribution is not in GSL; the chi-squared
    /// tail is (`gsl_cdf_chisq_Q`), used for count tests.
    public static func chiSquaredQ(_ x: Double, degreesOfFreedom nu: Double) -> Double { GSL.chiSquaredQ(x, degreesOfFreedom: nu) }
}
