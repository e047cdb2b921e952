using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetAnomaly.Core.Metrics;
using MLNetAnomaly.ML.Schema;

namespace MLNetAnomaly;

/// <summary>Evaluates detectors against labelled anomalies.</summary>
public static class DetectionEvaluation
{
    /// <summary>Default largest buffer width of VUS-PR, in points.</summary>
    public const int DefaultVusMaxBuffer = 100;

    /// <summary>
    /// Evaluates a scored series: the detector's prediction column [Alert, Score, P-Value] against a label column.
    /// Rows whose score is NaN (missing input values) count as score 0 and no alert.
    /// </summary>
    /// <param name="catalog">The anomaly-detection catalog (<c>mlContext.AnomalyDetection</c>).</param>
    /// <param name="scored">The output of a detector's <c>Transform</c>, in time order.</param>
    /// <param name="labelColumnName">A Boolean column, or a numeric one where values above 0.5 mean anomalous.</param>
    /// <param name="predictionColumnName">The detector's output column.</param>
    /// <param name="vusMaxBuffer">Largest buffer width of VUS-PR, in points.</param>
    /// <returns>Every metric of <see cref="DetectionReport"/>.</returns>
    public static DetectionReport EvaluateDetector(
        this AnomalyDetectionCatalog catalog,
        IDataView scored,
        string labelColumnName = "Label",
        string predictionColumnName = "Prediction",
        int vusMaxBuffer = DefaultVusMaxBuffer)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(scored);
        var label = scored.Schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumnName), labelColumnName, $"Label column '{labelColumnName}' was not found.");
        var prediction = scored.Schema.GetColumnOrNull(predictionColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(predictionColumnName), predictionColumnName, $"Prediction column '{predictionColumnName}' was not found.");
        if (prediction.Type is not VectorDataViewType { Size: PredictionColumn.Size } vector || vector.ItemType != NumberDataViewType.Double)
        {
            throw new ArgumentOutOfRangeException(nameof(predictionColumnName), predictionColumnName, $"Prediction column '{predictionColumnName}' must be a vector of 3 doubles [Alert, Score, P-Value]; it is {prediction.Type}.");
        }

        var labels = new List<bool>();
        var scores = new List<double>();
        var alerts = new List<bool>();
        using (var cursor = scored.GetRowCursor(new[] { label, prediction }))
        {
            var readLabel = LabelReader(cursor, label, labelColumnName);
            var readPrediction = cursor.GetGetter<VBuffer<double>>(prediction);
            var buffer = default(VBuffer<double>);
            while (cursor.MoveNext())
            {
                labels.Add(readLabel());
                readPrediction(ref buffer);
                var values = buffer.GetValues();
                var score = values[1];
                scores.Add(double.IsNaN(score) ? 0 : score);
                alerts.Add(values[0] > 0);
            }
        }

        return Evaluate(labels, scores, alerts, vusMaxBuffer);
    }

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
            VolumeUnderSurface.PrecisionRecall(l, s, vusMaxBuffer));
    }

    private static Func<bool> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column label, string name)
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
