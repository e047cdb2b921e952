using Microsoft.ML;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly;

/// <summary>
/// Options of the batch spectral residual detector
/// (<see cref="MLNetAnomalyCatalog.DetectEntireAnomalyBySpectralResidual(AnomalyDetectionCatalog, IDataView, string, string, SpectralResidualBatchOptions)"/>),
/// with the names and defaults of ML.NET's <c>SrCnnEntireAnomalyDetectorOptions</c> (whose batch size and sensitivity,
/// 2000 and 70, differ from the defaults of ML.NET's catalog method, 1024 and 99, as do ours). The outputs are ML.NET's
/// (docs/detectors.md gives the parity measured and the departures).
/// </summary>
public sealed class SpectralResidualBatchOptions
{
    /// <summary>Fewest points SR needs for a spectrum.</summary>
    internal const int MinimumPoints = SpectralResidualBatch.MinimumPoints;

    /// <summary>Anomaly where the score (|S − S̄| / S̄ / 10, clamped to [0, 1]) exceeds it; 0 to 1. Default 0.3.</summary>
    public double Threshold { get; set; } = Defaults.Threshold;

    /// <summary>
    /// Points per batch, at least 12 (and four periods when <see cref="Period"/> is set), or −1 for the whole series in
    /// one batch. A last batch of fewer than 12 points is judged with the end of the one before. Default 2000.
    /// </summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>
    /// Margins (AnomalyAndMargin), 0 to 100: ML.NET's sensitivity, where a higher value gives narrower margins (more
    /// anomalies) along its factor curve, and none at 100. With <see cref="QuantileMargins"/>, the percent of normal
    /// points the margins hold instead. Default 70.
    /// </summary>
    public double Sensitivity { get; set; } = Defaults.Sensitivity;

    /// <summary>What to compute. Default <see cref="SpectralResidualBatchMode.AnomalyOnly"/>.</summary>
    public SpectralResidualBatchMode DetectMode { get; set; } = Defaults.DetectMode;

    /// <summary>Season length in points, removed before detection as <see cref="DeseasonalityMode"/> says; 0 for none. Default 0.</summary>
    public int Period { get; set; }

    /// <summary>
    /// How a season of <see cref="Period"/> points is removed. Default <see cref="SpectralResidualDeseasonality.Stl"/>,
    /// ML.NET's, which this version does not have yet: set Median or Mean with a period.
    /// </summary>
    public SpectralResidualDeseasonality DeseasonalityMode { get; set; } = Defaults.DeseasonalityMode;

    /// <summary>
    /// Margins that hold <see cref="Sensitivity"/> percent of the normal points (a higher sensitivity widens them):
    /// expected ± z · unit, with z the normal quantile and unit the normal points' robust spread of value − expected.
    /// ML.NET's margins follow the level of the series instead and narrow as the sensitivity rises. Default false.
    /// </summary>
    public bool QuantileMargins { get; set; }

    internal void Validate()
    {
        if (!(Threshold >= 0 && Threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "Threshold must lie between 0 and 1 (the score is divided by 10 and clamped to [0, 1], as in ML.NET).");
        }

        if (BatchSize != -1)
        {
            Guard.AtLeast(BatchSize, MinimumPoints, nameof(BatchSize));
        }

        if (!(Sensitivity >= 0 && Sensitivity <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(Sensitivity), Sensitivity, "Sensitivity must lie between 0 and 100.");
        }

        Guard.AtLeast(Period, 0, nameof(Period));
        if (Period > 0 && BatchSize != -1 && BatchSize < 4 * Period)
        {
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, $"BatchSize must hold at least four periods ({4 * Period} points) when Period is {Period}, or be -1.");
        }

        if (!Enum.IsDefined(DetectMode))
        {
            throw new ArgumentOutOfRangeException(nameof(DetectMode), DetectMode, "DetectMode must be AnomalyOnly, AnomalyAndExpectedValue or AnomalyAndMargin.");
        }

        if (!Enum.IsDefined(DeseasonalityMode))
        {
            throw new ArgumentOutOfRangeException(nameof(DeseasonalityMode), DeseasonalityMode, "DeseasonalityMode must be Stl, Mean or Median.");
        }

        if (Period > 0 && DeseasonalityMode == SpectralResidualDeseasonality.Stl)
        {
            throw new ArgumentOutOfRangeException(nameof(DeseasonalityMode), DeseasonalityMode, "STL deseasonality is not available in this version; with a Period, set DeseasonalityMode to Median (ML.NET's own fallback when its STL fails) or Mean.");
        }
    }

    /// <summary>The settings the core computation takes.</summary>
    internal SpectralResidualBatchSettings Settings() => new(Threshold, BatchSize, Sensitivity, DetectMode, Period, DeseasonalityMode, QuantileMargins);

    /// <summary>The default of every option, in one place (the options and the catalog methods read them).</summary>
    internal static class Defaults
    {
        internal const double Threshold = 0.3;
        internal const int BatchSize = 2000;
        internal const double Sensitivity = 70;

        // ML.NET's catalog method has its own defaults for these two.
        internal const int CatalogBatchSize = 1024;
        internal const double CatalogSensitivity = 99;
        internal const SpectralResidualBatchMode DetectMode = SpectralResidualBatchMode.AnomalyOnly;
        internal const SpectralResidualDeseasonality DeseasonalityMode = SpectralResidualDeseasonality.Stl;
    }
}
