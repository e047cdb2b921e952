using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks.Recurrent;

/// <summary>
/// LSTM encoder-decoder in the spirit of EncDec-AD (Malhotra et al., "LSTM-based Encoder-Decoder for Multi-sensor
/// Anomaly Detection", ICML 2016 workshop): an encoder LSTM summarises the window in its last output; a decoder LSTM
/// fed that summary at every step reconstructs the window through a linear head. (The paper's decoder feeds back its
/// own previous output; feeding the summary is the common simplification and needs no teacher forcing.)
/// Weight keys: "encoder.*", "decoder.*", "head.*".
/// </summary>
internal sealed class LstmAutoencoderNetwork : ReconstructionNetwork
{
    private readonly LSTM _encoder;
    private readonly LSTM _decoder;
    private readonly Linear _head;

    internal LstmAutoencoderNetwork(NetworkShape shape)
        : base(nameof(LstmAutoencoderNetwork), shape)
    {
        var between = shape.Layers > 1 ? shape.Dropout : 0.0;
        _encoder = nn.LSTM(shape.Dimensions, shape.HiddenSize, shape.Layers, batchFirst: true, dropout: between);
        _decoder = nn.LSTM(shape.HiddenSize, shape.HiddenSize, shape.Layers, batchFirst: true, dropout: between);
        _head = nn.Linear(shape.HiddenSize, shape.Dimensions);
        register_module("encoder", _encoder);
        register_module("decoder", _decoder);
        register_module("head", _head);
    }

    /// <inheritdoc />
    internal override bool UsesLstmKernel => true;

    /// <inheritdoc />
    public override Tensor forward(Tensor windows)
    {
        using var scope = NewDisposeScope();
        var encoded = RecurrentLayers.Run(RecurrentCell.Lstm, _encoder, windows);
        var summary = encoded.select(1, -1).unsqueeze(1).expand(-1, windows.shape[1], -1);
        var decoded = RecurrentLayers.Run(RecurrentCell.Lstm, _decoder, summary);
        return _head.call(decoded).MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _encoder.Dispose();
            _decoder.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}
