using Microsoft.ML;

namespace MLNetAnomaly.Selection;

/// <summary>
/// A detector of your own for selection to try next to the library's (<see cref="DetectorSelectionOptions.Candidates"/>):
/// any estimator whose transformer adds a prediction column [Alert, Score, P-Value], such as an ML.NET estimator
/// wrapped with <see cref="MLNetAnomalyCatalog.AsDetector"/> (ML.NET's own time-series detectors included) or
/// one of this library's detectors with settings outside the built-in search space.
/// </summary>
public sealed class SelectionCandidate
{
    /// <summary>Describes a candidate.</summary>
    /// <param name="name">Its name in the leaderboard.</param>
    /// <param name="create">
    /// Builds the estimator for (context, input column, output column): it must read the float input column and add
    /// the prediction column under the given output name.
    /// </param>
    /// <param name="settings">Its settings in words, for the leaderboard.</param>
    /// <param name="rankByPValue">
    /// Rank points by 1 − P-Value instead of Score (for detectors whose score is not a ranking, such as ML.NET's IID
    /// spike, whose score slot is the raw value).
    /// </param>
    public SelectionCandidate(string name, Func<MLContext, string, string, IEstimator<ITransformer>> create, string settings = "", bool rankByPValue = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        Name = name;
        Create = create;
        Settings = settings ?? string.Empty;
        RankByPValue = rankByPValue;
    }

    /// <summary>The candidate's name in the leaderboard.</summary>
    public string Name { get; }

    /// <summary>Builds the estimator for (context, input column, output column).</summary>
    public Func<MLContext, string, string, IEstimator<ITransformer>> Create { get; }

    /// <summary>Its settings in words.</summary>
    public string Settings { get; }

    /// <summary>True to rank points by 1 − P-Value rather than by Score.</summary>
    public bool RankByPValue { get; }
}
