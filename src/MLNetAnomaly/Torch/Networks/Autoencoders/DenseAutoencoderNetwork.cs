using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks.Autoencoders;

/// <summary>
/// A dense autoencoder over a flattened window: window·dimensions → hidden → bottleneck (hidden/4, at least 2) →
/// hidden → window·dimensions, ReLU between layers. Weight keys: "encoder1.*", "encoder2.*", "decoder1.*", "decoder2.*".
/// </summary>
internal sealed class DenseAutoencoderNetwork : ReconstructionNetwork
{
    private readonly Linear _encoder1;
    private readonly Linear _encoder2;
    private readonly Linear _decoder1;
    private readonly Linear _decoder2;
    private readonly Dropout _dropout;

    internal DenseAutoencoderNetwork(NetworkShape shape)
        : base(nameof(DenseAutoencoderNetwork), shape)
    {
        var (hiddenSize, dropout) = (shape.HiddenSize, shape.Dropout);
        var width = shape.Dimensions * shape.WindowSize;
        var bottleneck = Math.Max(hiddenSize / 4, 2);
        _encoder1 = nn.Linear(width, hiddenSize);
        _encoder2 = nn.Linear(hiddenSize, bottleneck);
        _decoder1 = nn.Linear(bottleneck, hiddenSize);
        _decoder2 = nn.Linear(hiddenSize, width);
        _dropout = nn.Dropout(dropout);
        register_module("encoder1", _encoder1);
        register_module("encoder2", _encoder2);
        register_module("decoder1", _decoder1);
        register_module("decoder2", _decoder2);
        register_module("dropout", _dropout);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor windows)
    {
        using var scope = NewDisposeScope();
        var code = nn.functional.relu(_encoder2.call(_dropout.call(nn.functional.relu(_encoder1.call(windows.flatten(1))))));
        var restored = _decoder2.call(nn.functional.relu(_decoder1.call(code)));
        return restored.reshape(windows.shape).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encoder1.Dispose();
            _encoder2.Dispose();
            _decoder1.Dispose();
            _decoder2.Dispose();
            _dropout.Dispose();
        }

        base.Dispose(disposing);
    }
}
