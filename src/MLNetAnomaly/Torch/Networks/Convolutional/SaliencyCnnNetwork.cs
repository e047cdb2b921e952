using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks.Convolutional;

/// <summary>
/// SR-CNN's classifier (Ren et al., KDD 2019, section 4.3): two 1-D convolutions over a saliency map and two dense
/// layers, giving the logit that the map's newest point is an anomaly. Sizes are smaller than the paper's, to keep
/// the shipped network small: 8 and 16 channels of kernel 5, then 32 units. Weight keys: "conv1.*", "conv2.*",
/// "dense.*", "head.*".
/// </summary>
internal sealed class SaliencyCnnNetwork : nn.Module<Tensor, Tensor>
{
    private const int Kernel = 5;
    private readonly Conv1d _conv1;
    private readonly Conv1d _conv2;
    private readonly Linear _dense;
    private readonly Linear _head;

    internal SaliencyCnnNetwork(int windowSize)
        : base(nameof(SaliencyCnnNetwork))
    {
        _conv1 = nn.Conv1d(1, 8, Kernel);
        _conv2 = nn.Conv1d(8, 16, Kernel);
        _dense = nn.Linear(16 * (windowSize - (2 * (Kernel - 1))), 32);
        _head = nn.Linear(32, 1);
        register_module("conv1", _conv1);
        register_module("conv2", _conv2);
        register_module("dense", _dense);
        register_module("head", _head);
    }

    /// <summary>Fewest points a map must have.</summary>
    internal static int MinimumWindow => (2 * (Kernel - 1)) + 1;

    /// <summary>Logits shaped (batch) for maps shaped (batch, window).</summary>
    public override Tensor forward(Tensor maps)
    {
        using var scope = NewDisposeScope();
        var features = nn.functional.relu(_conv2.call(nn.functional.relu(_conv1.call(maps.unsqueeze(1)))));
        return _head.call(nn.functional.relu(_dense.call(features.flatten(1)))).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _conv1.Dispose();
            _conv2.Dispose();
            _dense.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}
