using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;

namespace MLNetAnomaly;

/// <summary>
/// The catalog methods of MLNetAnomaly, in one class split by area: the deep detectors and the classical ones on
/// <c>mlContext.Transforms</c> (each with a short overload with defaults and one taking an options object), adapters
/// for any ML.NET estimator, detector selection, streaming engines and evaluation. Every detector reads a
/// <see cref="float"/> column (or a known-size vector of float) in time order and adds a vector of three doubles
/// [Alert, Score, P-Value] (four for IID change point with ML.NET's output: its martingale after them).
/// </summary>
public static partial class MLNetAnomalyCatalog
{
    private static IHostEnvironment Environment(TransformsCatalog catalog, object options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return catalog.GetEnvironment();
    }
}
