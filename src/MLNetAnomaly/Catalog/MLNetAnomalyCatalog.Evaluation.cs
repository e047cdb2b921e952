using MLNetAnomaly.Evaluation;
using MLNetAnomaly.Core.Metrics;
using MLNetAnomaly.ML.Schema;
using Microsoft.ML.Data;
using Microsoft.ML;

namespace MLNetAnomaly;

// <summary>Evaluates detectors against labelled anomalies.</summary>
public static partial class MLNetAnomalyCatalog
{
    /// <summary>
    /// Evaluates a scored series: the detector's prediction column [Alert, Score, P-Value] against a label column,
    /// ranking rows by the Score slot, or by the martingale for IID change point's four slots (whose Raw Score is the
    /// value itself). Rows whose score is NaN (missing input values) count as score 0 and no alert.
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
        int vusMaxBuffer = DetectionEvaluation.DefaultVusMaxBuffer)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(scored);
        var label = scored.Schema.GetColumnOrNull(labelColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(labelColumnName), labelColumnName, $"Label column '{labelColumnName}' was not found.");
        var prediction = scored.Schema.GetColumnOrNull(predictionColumnName)
            ?? throw new ArgumentOutOfRangeException(nameof(predictionColumnName), predictionColumnName, $"Prediction column '{predictionColumnName}' was not found.");
        if (prediction.Type is not VectorDataViewType { Size: PredictionColumn.Size or PredictionColumn.Size + 1 } vector || vector.ItemType != NumberDataViewType.Double)
        {
            throw new ArgumentOutOfRangeException(nameof(predictionColumnName), predictionColumnName, $"Prediction column '{predictionColumnName}' must be a vector of 3 doubles [Alert, Score, P-Value] (or 4, with a change point's martingale); it is {prediction.Type}.");
        }

        var labels = new List<bool>();
        var scores = new List<double>();
        var alerts = new List<bool>();
        using (var cursor = scored.GetRowCursor(new[] { label, prediction }))
        {
            var readLabel = DetectionEvaluation.LabelReader(cursor, label, labelColumnName);
            var readPrediction = cursor.GetGetter<VBuffer<double>>(prediction);
            var buffer = default(VBuffer<double>);
            while (cursor.MoveNext())
            {
                labels.Add(readLabel());
                readPrediction(ref buffer);
                var values = buffer.GetValues();
                // A change point's ML.NET output ranks by its martingale (its Raw Score is the value itself).
                var score = values.Length > PredictionColumn.Size ? values[PredictionColumn.Size] : values[1];
                scores.Add(double.IsNaN(score) ? 0 : score);
                alerts.Add(values[0] > 0);
            }
        }

        return DetectionEvaluation.Evaluate(labels, scores, alerts, vusMaxBuffer);
    }
}
