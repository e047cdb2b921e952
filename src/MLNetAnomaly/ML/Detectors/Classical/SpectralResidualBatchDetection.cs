using Microsoft.ML;
using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly;

/// <summary>
/// Options of the batch spectral residual detector
/// (<see cref="MLNetAnomalyCatalog.DetectEntireAnomalyBySpectralResidual(AnomalyDetectionCatalog, IDataView, string, string, SpectralResidualBatchOptions)"/>),
/// with the names and defaults of ML.NET's <c>SrCnnEntireAnomalyDetectorOptions</c>.
/// </summary>
public sealed class SpectralResidualBatchOptions
{
    /// <summary>Fewest points SR needs for a spectrum.</summary>
    internal const int MinimumPoints = 12;

    /// <summary>Anomaly where the score exceeds it; positive. Default 0.3.</summary>
    public double Threshold { get; set; } = Defaults.Threshold;

    /// <summary>Points per batch, at least 12, or −1 for the whole series in one batch. Default 1024.</summary>
    public int BatchSize { get; set; } = Defaults.BatchSize;

    /// <summary>
    /// Margins (AnomalyAndMargin): the share, in percent, of normal points they are meant to hold, strictly
    /// between 0 and 100; higher gives wider margins. Default 99.
    /// </summary>
    public double Sensitivity { get; set; } = Defaults.Sensitivity;

    /// <summary>What to compute. Default <see cref="SpectralResidualBatchMode.AnomalyOnly"/>.</summary>
    public SpectralResidualBatchMode DetectMode { get; set; } = Defaults.DetectMode;

    /// <summary>Season length in points, whose per-phase median is removed before detection; 0 for none. Default 0.</summary>
    public int Period { get; set; }

    internal void Validate()
    {
        Guard.Positive(Threshold, nameof(Threshold));
        if (BatchSize != -1)
        {
            Guard.AtLeast(BatchSize, MinimumPoints, nameof(BatchSize));
        }

        Guard.Between(Sensitivity, 0, 100, nameof(Sensitivity));
        Guard.AtLeast(Period, 0, nameof(Period));
        if (!Enum.IsDefined(DetectMode))
        {
            throw new ArgumentOutOfRangeException(nameof(DetectMode), DetectMode, "DetectMode must be AnomalyOnly, AnomalyAndExpectedValue or AnomalyAndMargin.");
        }
    }

    /// <summary>The default of every option, in one place (the options and the catalog methods read them).</summary>
    internal static class Defaults
    {
        internal const double Threshold = 0.3;
        internal const int BatchSize = 1024;
        internal const double Sensitivity = 99;
        internal const SpectralResidualBatchMode DetectMode = SpectralResidualBatchMode.AnomalyOnly;
    }
}


