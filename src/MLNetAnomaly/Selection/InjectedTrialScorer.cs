using Microsoft.ML;
using MLNetAnomaly.Core.Metrics;
using MLNetAnomaly.Core.Selection;

namespace MLNetAnomaly.Selection;

/// <summary>
/// Judges trials without labels, after Goswami et al. (ICLR 2023): anomalies of every <see cref="InjectedKind"/> are
/// injected into the validation part of eight copies of the series, and a trial is measured by how well its scores
/// find each kind (AUC-PR of that kind's rows against the normal rows) and all of them (best F1). It also scores the
/// series as it is, for the centrality measure computed across trials.
/// </summary>
internal sealed class InjectedTrialScorer : TrialScorer
{
    private const int Copies = 8;
    private readonly float[] _values;
    private readonly int _split;
    private readonly List<(float[] Values, InjectedKind[] Kinds)> _copies;

    internal InjectedTrialScorer(float[] values, int split, int seed)
    {
        _values = values;
        _split = split;
        var random = new Random(seed);
        var count = Math.Max(AnomalyInjection.KindCount, (values.Length - split) / 50);
        _copies = Enumerable.Range(0, Copies).Select(_ =>
        {
            var copy = (float[])values.Clone();
            return (copy, AnomalyInjection.Inject(random, copy, split, count));
        }).ToList();
    }

    /// <summary>
    /// The measures: AUC-PR per injected kind, the best F1 over all injected rows, and the quiet of the clean
    /// validation rows: minus the share of them scored above the 99th percentile of the fitting rows' scores (a
    /// detector that fits its fitting part too closely, or drifts, raises false alarms there).
    /// </summary>
    internal override IReadOnlyList<string> MeasureNames { get; } = Enum.GetValues<InjectedKind>()
        .Where(k => k != InjectedKind.None)
        .Select(k => $"{k} AUC-PR")
        .Append("injected best F1")
        .Append("clean quiet")
        .ToArray();

    internal override TrialMeasurement Measure(ITransformer model, SelectionTrial trial, MLContext ml)
    {
        var perKind = new double[AnomalyInjection.KindCount];
        var seen = new int[AnomalyInjection.KindCount];
        double aucPr = 0, bestF1 = 0;

        // The copies and the series itself differ only after the split: the part before it is scored once.
        var scored = ScoreSharingPrefix(model, trial, ml, _copies.Select(c => c.Values).Append(_values).ToList(), _split);
        for (var c = 0; c < _copies.Count; c++)
        {
            var kinds = _copies[c].Kinds;
            var ranks = scored[c].Ranks;
            var scores = ranks.AsSpan(_split);
            var labels = kinds[_split..].Select(k => k != InjectedKind.None).ToArray();
            aucPr += DetectionMetrics.AucPr(labels, scores) / Copies;
            bestF1 += DetectionMetrics.BestF1(labels, scores).F1 / Copies;
            for (var k = 0; k < perKind.Length; k++)
            {
                // This kind's rows against the normal rows; rows of other kinds are left out.
                var kind = (InjectedKind)k;
                var rows = Enumerable.Range(_split, kinds.Length - _split).Where(i => kinds[i] == kind || kinds[i] == InjectedKind.None).ToArray();
                var positives = rows.Select(i => kinds[i] == kind).ToArray();
                if (positives.Contains(true))
                {
                    perKind[k] += DetectionMetrics.AucPr(positives, rows.Select(i => ranks[i]).ToArray());
                    seen[k]++;
                }
            }
        }

        var clean = scored[^1].Ranks;
        var quiet = -ExceedanceShare(clean[.._split], clean[_split..]);
        var measures = perKind.Select((sum, k) => seen[k] > 0 ? sum / seen[k] : double.NaN).Append(bestF1).Append(quiet).ToArray();
        var details = new Dictionary<string, double> { ["injected AUC-PR"] = aucPr };
        for (var m = 0; m < measures.Length; m++)
        {
            details[MeasureNames[m]] = measures[m];
        }

        return new TrialMeasurement((aucPr + bestF1) / 2, measures, details, clean[_split..]);
    }

    /// <summary>The share of <paramref name="later"/> above the 99th percentile of <paramref name="reference"/>.</summary>
    private static double ExceedanceShare(double[] reference, double[] later)
    {
        var sorted = reference.Order().ToArray();
        var threshold = sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(0.99 * sorted.Length))];
        return later.Count(v => v > threshold) / (double)later.Length;
    }
}
