using MLNetAnomaly.Core.Classical;
using MLNetAnomaly.Core.Validation;
using MLNetAnomaly.ML.Schema;
using Microsoft.ML;

namespace MLNetAnomaly;

// <summary>
// Spectral residual over a whole series at once (batch), the behaviour of ML.NET's
// <c>DetectEntireAnomalyBySrCnn</c>, in managed code. See docs/detectors.md.
// </summary>
public static partial class MLNetAnomalyCatalog
{
    /// <summary>Detects anomalies over the whole series in <paramref name="inputColumnName"/>, batch by batch.</summary>
    /// <param name="catalog">The anomaly-detection catalog (<c>mlContext.AnomalyDetection</c>).</param>
    /// <param name="input">The series, in time order.</param>
    /// <param name="outputColumnName">The column to add: a vector of doubles whose slots depend on <paramref name="detectMode"/>.</param>
    /// <param name="inputColumnName">The <see cref="double"/> or <see cref="float"/> column, with no missing values (ML.NET's reads a double column).</param>
    /// <param name="threshold">Anomaly where the score (divided by 10 and clamped to [0, 1], as in ML.NET) exceeds it, 0 to 1. Default 0.3.</param>
    /// <param name="batchSize">Points per batch, or −1 for one batch. Default 1024.</param>
    /// <param name="sensitivity">Margins, 0 to 100: higher gives narrower margins, as in ML.NET. Default 99.</param>
    /// <param name="detectMode">What to compute. Default <see cref="SpectralResidualBatchMode.AnomalyOnly"/>.</param>
    /// <returns><paramref name="input"/> with the output column added (computed now, served lazily).</returns>
    public static IDataView DetectEntireAnomalyBySpectralResidual(this AnomalyDetectionCatalog catalog, IDataView input, string outputColumnName, string inputColumnName,
        double threshold = SpectralResidualBatchOptions.Defaults.Threshold, int batchSize = SpectralResidualBatchOptions.Defaults.CatalogBatchSize,
        double sensitivity = SpectralResidualBatchOptions.Defaults.CatalogSensitivity, SpectralResidualBatchMode detectMode = SpectralResidualBatchOptions.Defaults.DetectMode)
        => catalog.DetectEntireAnomalyBySpectralResidual(input, outputColumnName, inputColumnName,
            new SpectralResidualBatchOptions { Threshold = threshold, BatchSize = batchSize, Sensitivity = sensitivity, DetectMode = detectMode });

    /// <summary>Detects anomalies over the whole series, configured by <paramref name="options"/>.</summary>
    /// <param name="catalog">The anomaly-detection catalog (<c>mlContext.AnomalyDetection</c>).</param>
    /// <param name="input">The series, in time order.</param>
    /// <param name="outputColumnName">The column to add.</param>
    /// <param name="inputColumnName">The <see cref="double"/> or <see cref="float"/> column, with no missing values.</param>
    /// <param name="options">The settings.</param>
    /// <returns><paramref name="input"/> with the output column added.</returns>
    public static IDataView DetectEntireAnomalyBySpectralResidual(this AnomalyDetectionCatalog catalog, IDataView input, string outputColumnName, string inputColumnName, SpectralResidualBatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        Guard.NotEmpty(outputColumnName, nameof(outputColumnName));
        Guard.NotEmpty(inputColumnName, nameof(inputColumnName));
        options.Validate();
        var values = InputColumn.ReadScalarDoubles(input, inputColumnName, nameof(inputColumnName), SpectralResidualBatchOptions.MinimumPoints, $"{SpectralResidualBatchOptions.MinimumPoints} points for a spectrum");
        var results = SpectralResidualBatch.Detect(values, options.Settings());
        return new AppendedColumnDataView(input, outputColumnName, SpectralResidualBatch.SlotNames(options.DetectMode), results);
    }
}
