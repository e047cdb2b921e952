using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks.Convolutional;

/// <summary>
/// A temporal convolutional forecaster in the spirit of DeepAnT (Munir et al., "DeepAnT: A Deep Learning Approach
/// for Unsupervised Anomaly Detection in Time Series", IEEE Access 2019): two 1-D convolutions (kernel 3, ReLU) over
/// the window, a dense layer, and a linear head predicting the next value of every dimension (or the next
/// <see cref="NetworkShape.Horizon"/> values).
/// Weight keys: "conv1.*", "conv2.*", "dense.*", "head.*".
/// </summary>
internal sealed class ConvolutionalForecastNetwork : ForecastNetwork
{
    private readonly Conv1d _conv1;
    private readonly Conv1d _conv2;
    private readonly Linear _dense;
    private readonly Linear _head;
    private readonly Dropout _dropout;

    internal ConvolutionalForecastNetwork(NetworkShape shape)
        : base(nameof(ConvolutionalForecastNetwork), shape)
    {
        var (dimensions, windowSize, channels, dropout) = (shape.Dimensions, shape.WindowSize, shape.HiddenSize, shape.Dropout);
        _conv1 = nn.Conv1d(dimensions, channels, 3, padding: 1);
        _conv2 = nn.Conv1d(channels, channels, 3, padding: 1);
        _dense = nn.Linear(channels * windowSize, channels);
        _head = nn.Linear(channels, Outputs);
        _dropout = nn.Dropout(dropout);
        register_module("conv1", _conv1);
        register_module("conv2", _conv2);
        register_module("dense", _dense);
        register_module("head", _head);
        register_module("dropout", _dropout);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor windows)
    {
        using var scope = NewDisposeScope();
        var channelsFirst = windows.permute(0, 2, 1);
        var features = nn.functional.relu(_conv2.call(nn.functional.relu(_conv1.call(channelsFirst))));
        var dense = _dropout.call(nn.functional.relu(_dense.call(features.flatten(1))));
        return _head.call(dense).MoveToOuterDisposeScope();
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
            _dropout.Dispose();
        }

        base.Dispose(disposing);
    }
}
