namespace MLNetAnomaly.Tests.TestFramework;

/// <summary>
/// Post-processing chains for tests whose subject is not the chain. The library's default chain (Numenta's likelihood
/// over a 10-row average, the range rule, a refractory period) is built for lasting anomalies and has its own tests;
/// tests that check a network, a pipeline or an API by where a single spike ranks use this per-row chain instead, so
/// that a spike's score is its own error's.
/// </summary>
internal static class TestChains
{
    /// <summary>Adaptive calibration of each row's own error, no range rule, no refractory period, SPOT alerts.</summary>
    internal static PostProcessingOptions PerRow() => new()
    {
        Calibration = ScoreCalibration.Adaptive,
        RangeRule = false,
        RefractoryPeriod = 0,
    };
}
