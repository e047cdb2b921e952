namespace MLNetAnomaly.Streaming;

/// <summary>Options of a streaming engine (<see cref="MLNetAnomalyCatalog.CreateStreamingEngine(Microsoft.ML.AnomalyDetectionCatalog, Microsoft.ML.ITransformer, StreamingEngineOptions?)"/>).</summary>
public sealed class StreamingEngineOptions
{
    /// <summary>
    /// For the recurrent forecasters (LSTM, GRU, RNN, and ensembles containing them): carry the network's recurrent
    /// state from each point to the next, so a point costs one recurrent step instead of a pass over the whole
    /// window. The first scored point is identical to window recomputation; later scores differ a little, because the
    /// carried state remembers more than one window (docs/streaming.md gives measured differences). Other detectors
    /// ignore it. A checkpoint can only be restored into an engine with the same setting. Default: false.
    /// </summary>
    public bool CarryRecurrentState { get; set; }
}
