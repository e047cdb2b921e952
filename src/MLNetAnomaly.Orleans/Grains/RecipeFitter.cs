using Microsoft.ML;
using MLNetAnomaly.Orleans.Contracts;

namespace MLNetAnomaly.Orleans.Grains;

/// <summary>Fits a <see cref="FitRecipe"/> on a series' training points and returns the model as an ML.NET model zip.</summary>
internal static class RecipeFitter
{
    /// <summary>The fitted model's bytes: the named detector at its defaults, or selection's choice for "auto".</summary>
    public static byte[] Fit(FitRecipe recipe, float[] values)
    {
        var ml = new MLContext(seed: recipe.Seed);
        var data = ml.Data.LoadFromEnumerable(values.Select(v => new Point { Value = v }));
        ITransformer model;
        if (string.Equals(recipe.Detector, FitRecipe.Auto, StringComparison.OrdinalIgnoreCase))
        {
            var options = new MLNetAnomaly.Selection.DetectorSelectionOptions
            {
                InputColumnName = nameof(Point.Value),
                MaxTrials = recipe.MaxTrials,
                Detectors = recipe.Candidates,
                Seed = recipe.Seed,
            };
            model = ml.AnomalyDetection.CreateDetectorSelection(options).Run(data).BestModel;
        }
        else
        {
            model = DetectorRegistry.CreateEstimator(ml.Transforms, recipe.Detector, "Prediction", nameof(Point.Value)).Fit(data);
        }

        try
        {
            using var stream = new MemoryStream();
            ml.Model.Save(model, data.Schema, stream);
            return stream.ToArray();
        }
        finally
        {
            (model as IDisposable)?.Dispose();
        }
    }

    private sealed class Point
    {
        public float Value { get; set; }
    }
}
