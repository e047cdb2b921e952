using MLNetAnomaly.ML.Schema;
using Microsoft.ML.Data;
using Microsoft.ML;
using MLNetAnomaly.Streaming;

namespace MLNetAnomaly;

// <summary>Creates streaming engines: point-at-a-time scoring with checkpoints.</summary>
public static partial class MLNetAnomalyCatalog
{
    /// <summary>
    /// A streaming engine over the values of a fitted detector (one of ours, an ensemble, or a chain holding only
    /// one). Each <c>Predict</c> is the next point of one series. For chains with other transforms before the
    /// detector, use <see cref="CreateStreamingEngine{TSrc}"/>.
    /// </summary>
    /// <param name="catalog">The anomaly-detection catalog (<c>mlContext.AnomalyDetection</c>).</param>
    /// <param name="model">The fitted detector, from <c>Fit</c> or <c>mlContext.Model.Load</c>.</param>
    /// <param name="options">Engine options; null for the defaults.</param>
    public static AnomalyStreamingEngine CreateStreamingEngine(this AnomalyDetectionCatalog catalog, ITransformer model, StreamingEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var (prefix, detector) = Split(model);
        if (prefix.Count > 0)
        {
            throw new ArgumentException(
                $"The model applies {prefix.Count} transform(s) before the detector ({string.Join(", ", prefix.Select(t => t.GetType().Name))}); " +
                "use CreateStreamingEngine<TSrc> so they are applied to each row.", nameof(model));
        }

        return new AnomalyStreamingEngine(detector, options ?? new StreamingEngineOptions());
    }

    /// <summary>
    /// A streaming engine over rows of <typeparamref name="TSrc"/>, for any chain ending in one of our detectors:
    /// the transforms before the detector are applied to each row (as a <c>PredictionEngine</c> would), and the
    /// detector scores it as the next point of one series.
    /// </summary>
    /// <typeparam name="TSrc">The row class, holding the columns the model's first transform reads.</typeparam>
    /// <param name="catalog">The anomaly-detection catalog (<c>mlContext.AnomalyDetection</c>).</param>
    /// <param name="model">The fitted chain, from <c>Fit</c> or <c>mlContext.Model.Load</c>.</param>
    /// <param name="options">Engine options; null for the defaults.</param>
    public static AnomalyStreamingEngine<TSrc> CreateStreamingEngine<TSrc>(this AnomalyDetectionCatalog catalog, ITransformer model, StreamingEngineOptions? options = null)
        where TSrc : class
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var (prefix, detector) = Split(model);
        var ml = new MLContext();
        var chain = new TransformerChain<ITransformer>(prefix.ToArray());
        var schema = chain.GetOutputSchema(ml.Data.LoadFromEnumerable(Array.Empty<TSrc>()).Schema);

        // Checks the detector's input column before the first row, naming it if absent or of the wrong type.
        InputColumn.Require(schema, detector.InputColumnName, detector.Detector.Dimensions, nameof(model));
        var engine = new AnomalyStreamingEngine(detector, options ?? new StreamingEngineOptions());
        if (detector.Detector.Dimensions == 1)
        {
            var output = SchemaDefinition.Create(typeof(ScalarPoint));
            output[0].ColumnName = detector.InputColumnName;
            var values = ml.Model.CreatePredictionEngine<TSrc, ScalarPoint>(chain, ignoreMissingColumns: true, outputSchemaDefinition: output);
            var point = new ScalarPoint();
            return new AnomalyStreamingEngine<TSrc>(engine, example =>
            {
                values.Predict(example, ref point);
                return new ReadOnlySpan<float>(in point.Value);
            }, values);
        }

        var vectorOutput = SchemaDefinition.Create(typeof(VectorPoint));
        vectorOutput[0].ColumnName = detector.InputColumnName;
        vectorOutput[0].ColumnType = new VectorDataViewType(NumberDataViewType.Single, detector.Detector.Dimensions);
        var vectors = ml.Model.CreatePredictionEngine<TSrc, VectorPoint>(chain, ignoreMissingColumns: true, outputSchemaDefinition: vectorOutput);
        var vector = new VectorPoint();
        return new AnomalyStreamingEngine<TSrc>(engine, example =>
        {
            vectors.Predict(example, ref vector);
            return vector.Value;
        }, vectors);
    }

    /// <summary>Splits a model into the transforms before the detector and the detector, which must come last.</summary>
    private static (IReadOnlyList<ITransformer> Prefix, SequentialDetectorTransformer Detector) Split(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var flat = new List<ITransformer>();
        Flatten(model, flat);
        if (flat.Count == 0 || flat[^1] is not SequentialDetectorTransformer detector)
        {
            var last = flat.Count == 0 ? "an empty chain" : flat[^1].GetType().Name;
            throw new ArgumentException(
                $"A streaming engine needs a model that ends in one of MLNetAnomaly's detectors; this one ends in {last}. " +
                "(Adapted ML.NET estimators keep their own state; score them with a PredictionEngine.)", nameof(model));
        }

        return (flat.Take(flat.Count - 1).ToList(), detector);
    }

    private static void Flatten(ITransformer model, List<ITransformer> into)
    {
        if (model is IEnumerable<ITransformer> chain)
        {
            foreach (var part in chain)
            {
                Flatten(part, into);
            }
        }
        else
        {
            into.Add(model);
        }
    }

    /// <summary>The detector's input value of one row (univariate).</summary>
    internal sealed class ScalarPoint
    {
        /// <summary>The value.</summary>
        public float Value;
    }

    /// <summary>The detector's input values of one row (multivariate).</summary>
    internal sealed class VectorPoint
    {
        /// <summary>The values.</summary>
        public float[] Value = Array.Empty<float>();
    }
}
