using Microsoft.ML;
using MLNetAnomaly.Core.Scoring;
using MLNetAnomaly.ML.Detectors;

namespace MLNetAnomaly.Selection;

/// <summary>One configuration selection can try.</summary>
/// <param name="Detector">The detector's name.</param>
/// <param name="Settings">Its hyperparameters, in words.</param>
/// <param name="Build">
/// Builds the estimator for (context, input column, output column, epochs, cancellation); epochs and cancellation
/// are ignored by detectors that do not train.
/// </param>
/// <param name="RankByPValue">User candidates that asked for it: rank rows by 1 − P-Value instead of Score. The library's own detectors all rank by Score, the post-processing chain's common scale.</param>
/// <param name="Epochs">Training epochs of a full trial, or 0 for detectors without epochs (classical, user candidates).</param>
/// <param name="CanJoinEnsemble">False for user candidates, whose models are not MLNetAnomaly detectors.</param>
internal sealed record SelectionTrial(string Detector, string Settings, Func<MLContext, string, string, int, CancellationToken, IEstimator<ITransformer>> Build, bool RankByPValue = false, int Epochs = 0, bool CanJoinEnsemble = true)
{
    /// <summary>Builds the estimator of a full trial; training stops when <paramref name="cancellation"/> fires.</summary>
    internal IEstimator<ITransformer> Create(MLContext ml, string input, string output, CancellationToken cancellation) => Build(ml, input, output, Epochs, cancellation);

    /// <summary>The value an output is ranked by; non-finite values rank lowest.</summary>
    internal double RankOf(in DetectorOutput output)
    {
        var value = RankByPValue ? 1 - output.PValue : output.Score;
        return double.IsFinite(value) ? value : 0;
    }

    /// <summary>A user candidate as a trial.</summary>
    internal static SelectionTrial From(SelectionCandidate candidate) => new(
        candidate.Name,
        candidate.Settings,
        (ml, input, output, _, _) => candidate.Create(ml, input, output),
        candidate.RankByPValue,
        CanJoinEnsemble: false);
}

/// <summary>
/// The configurations selection draws from, per detector family: the classical detectors over their window or
/// history, and each deep detector over window size and hidden size (one layer, 10 epochs, learning rate 0.005,
/// batch 64). Every one goes through the default post-processing chain (the built-ins too), so all rank by one score. The order is seeded: families take turns, in a shuffled order,
/// and each family's configurations are shuffled, so a small budget still sees every family. User candidates are
/// families of their own.
/// </summary>
internal static class SelectionSearchSpace
{
    /// <summary>Epochs of a full deep trial.</summary>
    internal const int FullEpochs = 10;

    /// <summary>Every configuration of the chosen detectors, in the order trials run.</summary>
    internal static IReadOnlyList<SelectionTrial> Ordered(IReadOnlyList<string>? detectors, int seed, IReadOnlyList<SelectionCandidate>? candidates = null)
    {
        var random = new Random(seed);
        var names = (detectors ?? DetectorRegistry.AllDetectorNames).Select(n => n.ToLowerInvariant()).Distinct().ToList();
        var families = names.Select(name => Shuffle(Family(name, seed).ToList(), random))
            .Concat((candidates ?? Array.Empty<SelectionCandidate>()).Select(c => new List<SelectionTrial> { SelectionTrial.From(c) }))
            .ToList();
        families = Shuffle(families, random);
        var ordered = new List<SelectionTrial>();
        for (var round = 0; families.Any(f => round < f.Count); round++)
        {
            ordered.AddRange(families.Where(f => round < f.Count).Select(f => f[round]));
        }

        return ordered;
    }

    private static IEnumerable<SelectionTrial> Family(string name, int seed) => DetectorKinds.Find(name).Trials(seed);

    private static List<T> Shuffle<T>(List<T> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }
}
