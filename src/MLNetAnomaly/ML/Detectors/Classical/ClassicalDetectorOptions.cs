using MLNetAnomaly.Core.Validation;

namespace MLNetAnomaly;

/// <summary>
/// Options every classical detector (IID spike, SR, SR-CNN) has: its columns and its post-processing chain.
/// </summary>
public abstract class ClassicalDetectorOptions
{
    /// <summary>The column to add: a vector of three doubles (four for IID change point with ML.NET's output). Required.</summary>
    public string OutputColumnName { get; set; } = string.Empty;

    /// <summary>The <see cref="float"/> column to watch, in time order. Required.</summary>
    public string InputColumnName { get; set; } = string.Empty;

    /// <summary>
    /// The post-processing chain the detector's raw scores go through, fitted on the training data (so <c>Fit</c>
    /// reads it), giving [Alert, Score, P-Value] on the common scale that comparison, selection and ensembles need.
    /// Null keeps the detector's own output: ML.NET's slots and alert rule for IID spike and SR, the network's
    /// probability for SR-CNN. Default null for IID spike and SR, <c>new PostProcessingOptions()</c> for SR-CNN.
    /// </summary>
    public PostProcessingOptions? PostProcessing { get; set; }

    /// <summary>A copy, so an estimator is not changed by later edits to the caller's object.</summary>
    internal ClassicalDetectorOptions CloneOptions()
    {
        var copy = (ClassicalDetectorOptions)MemberwiseClone();
        copy.PostProcessing = PostProcessing?.Clone();
        return copy;
    }

    /// <summary>Checks every option, naming the first one out of range.</summary>
    internal virtual void Validate()
    {
        Guard.NotEmpty(OutputColumnName, nameof(OutputColumnName));
        Guard.NotEmpty(InputColumnName, nameof(InputColumnName));
        PostProcessing?.Validate();
    }
}
