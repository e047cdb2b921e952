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
internal sealed class LstmAutoencoderNetwork : nn.Module<Tensor, Tensor>
{
    private readonly LSTM _encoder;
    private readonly LSTM _decoder;
    private readonly Linear _head;

    internal LstmAutoencoderNetwork(int dimensions, int hiddenSize, int layers, double dropout)
        : base(nameof(LstmAutoencoderNetwork))
    {
        var between = layers > 1 ? dropout : 0.0;
        _encoder = nn.LSTM(dimensions, hiddenSize, layers, batchFirst: true, dropout: between);
        _decoder = nn.LSTM(hiddenSize, hiddenSize, layers, batchFirst: true, dropout: between);
        _head = nn.Linear(hiddenSize, dimensions);
        register_module("encoder", _encoder);
        register_module("decoder", _decoder);
        register_module("head", _head);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor windows)
    {
        using var scope = NewDisposeScope();
        var encoded = RecurrentLayers.Run(NetworkKind.Lstm, _encoder, windows);
        var summary = encoded.select(1, -1).unsqueeze(1).expand(-1, windows.shape[1], -1);
        var decoded = RecurrentLayers.Run(NetworkKind.Lstm, _decoder, summary);
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
