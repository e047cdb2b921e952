using MLNetAnomaly.Core.Metrics;
using MLNetAnomaly.ML.Schema;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace MLNetAnomaly.Evaluation;

/// <summary>
/// Detection metrics from labels, scores and alerts, for scores produced anywhere (behind
/// <c>mlContext.AnomalyDetection.EvaluateDetector</c>, the benchmark and selection). See docs/metrics.md.
/// </summary>
public static class DetectionEvaluation
{
    /// <summary>Default largest buffer width of VUS-PR, in points.</summary>
    public const int DefaultVusMaxBuffer = 100;

    /// <summary>Evaluates per-point labels, scores (higher is more anomalous) and alerts of one series.</summary>
    /// <param name="labels">True where a point is anomalous.</param>
    /// <param name="scores">The detector's score of each point; not NaN.</param>
    /// <param name="alerts">The detector's decision for each point.</param>
    /// <param name="vusMaxBuffer">Largest buffer width of VUS-PR, in points.</param>
    /// <returns>Every metric of <see cref="DetectionReport"/>.</returns>
    public static DetectionReport Evaluate(IReadOnlyList<bool> labels, IReadOnlyList<double> scores, IReadOnlyList<bool> alerts, int vusMaxBuffer = DefaultVusMaxBuffer)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(alerts);
        var l = labels.ToArray();
        var s = scores.ToArray();
        var a = alerts.ToArray();
        var point = DetectionMetrics.PointWise(l, a);
        var best = DetectionMetrics.BestF1(l, s);
        var events = DetectionMetrics.EventWise(l, a);
        var ranges = DetectionMetrics.RangeBased(l, a);
        return new DetectionReport(
            point.Precision,
            point.Recall,
            point.F1,
            best.F1,
            best.Threshold,
            events.Precision,
            events.Recall,
            events.F1,
            DetectionMetrics.PointAdjusted(l, a).F1,
            DetectionMetrics.AucRoc(l, s),
            DetectionMetrics.AucPr(l, s),
            VolumeUnderSurface.PrecisionRecall(l, s, vusMaxBuffer),
            ranges.Precision,
            ranges.Recall,
            ranges.F1);
    }

    internal static Func<bool> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column label, string name)
    {
        switch (label.Type)
        {
            case BooleanDataViewType:
            {
                var getter = cursor.GetGetter<bool>(label);
                var value = false;
                return () =>
                {
                    getter(ref value);
                    return value;
                };
            }

            case NumberDataViewType when label.Type.RawType == typeof(float):
            {
                var getter = cursor.GetGetter<float>(label);
                var value = 0f;
                return () =>
                {
                    getter(ref value);
                    return value > 0.5f;
                };
            }

            case NumberDataViewType when label.Type.RawType == typeof(double):
            {
                var getter = cursor.GetGetter<double>(label);
                var value = 0.0;
                return () =>
                {
                    getter(ref value);
                    return value > 0.5;
                };
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(label), name, $"Label column '{name}' must be Boolean, Single or Double; it is {label.Type}.");
        }
    }
}
