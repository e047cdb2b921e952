using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>Views of a row-major series as overlapping windows, without copying.</summary>
internal static class WindowTensors
{
    /// <summary>
    /// The windows of <paramref name="series"/> (rows, dimensions) of <paramref name="span"/> rows each, as a view
    /// shaped (windows, span, dimensions).
    /// </summary>
    internal static Tensor Windows(Tensor series, int span) => series.unfold(0, span, 1).permute(0, 2, 1);
}
