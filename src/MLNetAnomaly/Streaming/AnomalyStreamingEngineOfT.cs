using Microsoft.ML;

namespace MLNetAnomaly.Streaming;

/// <summary>
/// A streaming engine over rows of <typeparamref name="TSrc"/>: the transforms before the detector (conversions,
/// column copies, normalisers...) are applied to each row, then the detector scores it as the next point of the
/// series. Same contract as <see cref="AnomalyStreamingEngine"/>, which it wraps.
/// </summary>
/// <typeparam name="TSrc">The row class, as for <c>PredictionEngine</c>.</typeparam>
public sealed class AnomalyStreamingEngine<TSrc> : IDisposable
    where TSrc : class
{
    private readonly PointReader _extract;
    private readonly IDisposable _transforms;
    private readonly ExclusiveUse _use = new("AnomalyStreamingEngine");

    internal AnomalyStreamingEngine(AnomalyStreamingEngine engine, PointReader extract, IDisposable transforms)
    {
        Engine = engine;
        _extract = extract;
        _transforms = transforms;
    }

    /// <summary>The engine that scores the detector's input values.</summary>
    public AnomalyStreamingEngine Engine { get; }

    /// <summary>Points predicted so far.</summary>
    public long Position => Engine.Position;

    /// <summary>Predicts the next point of the series.</summary>
    /// <param name="example">The row; the model's transforms before the detector are applied to it.</param>
    /// <exception cref="InvalidOperationException">Another call on this engine is running on another thread.</exception>
    public AnomalyPrediction Predict(TSrc example)
    {
        ArgumentNullException.ThrowIfNull(example);

        // The transforms' prediction engine and its buffer are this engine's too: guard them before they are used.
        using var exclusive = _use.Enter(nameof(Predict));
        return Engine.Predict(_extract(example));
    }

    /// <summary>Writes the engine's state (see <see cref="AnomalyStreamingEngine.Checkpoint(Stream)"/>).</summary>
    /// <param name="stream">A writable stream; it is left open.</param>
    public void Checkpoint(Stream stream) => Engine.Checkpoint(stream);

    /// <summary>Continues from a checkpoint (see <see cref="AnomalyStreamingEngine.Restore(Stream)"/>).</summary>
    /// <param name="stream">A readable stream positioned at the checkpoint; it is left open.</param>
    public void Restore(Stream stream) => Engine.Restore(stream);

    /// <summary>Writes the engine's state to a file, atomically (see <see cref="AnomalyStreamingEngine.Checkpoint(string)"/>).</summary>
    /// <param name="filePath">The checkpoint file; its folder must exist.</param>
    public void Checkpoint(string filePath) => Engine.Checkpoint(filePath);

    /// <summary>Continues from a checkpoint file (see <see cref="AnomalyStreamingEngine.Restore(string)"/>).</summary>
    /// <param name="filePath">The checkpoint file.</param>
    public void Restore(string filePath) => Engine.Restore(filePath);

    /// <summary>Forgets every point seen.</summary>
    public void Reset() => Engine.Reset();

    /// <summary>Releases the engine's state and the prediction engine of the transforms before the detector (not the model).</summary>
    public void Dispose()
    {
        Engine.Dispose();
        _transforms.Dispose();
    }

    /// <summary>Applies the transforms before the detector to a row and returns the detector's input values.</summary>
    internal delegate ReadOnlySpan<float> PointReader(TSrc example);
}
