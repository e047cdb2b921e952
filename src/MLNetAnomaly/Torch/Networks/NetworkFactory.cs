using MLNetAnomaly.Torch.Networks.Autoencoders;
using MLNetAnomaly.Torch.Networks.Convolutional;
using MLNetAnomaly.Torch.Networks.Recurrent;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Networks;

/// <summary>Builds the network of a <see cref="NetworkShape"/> with fresh weights (seed the generator first).</summary>
internal static class NetworkFactory
{
    /// <summary>
    /// Builds the network. Every network reads windows shaped (batch, window, dimensions); forecasters return
    /// (batch, dimensions), autoencoders (batch, window, dimensions).
    /// </summary>
    internal static nn.Module<Tensor, Tensor> Build(NetworkShape shape) => shape.Kind switch
    {
        NetworkKind.Lstm or NetworkKind.Gru or NetworkKind.Rnn => new RecurrentForecastNetwork(shape.Kind, shape.Dimensions, shape.HiddenSize, shape.Layers, shape.Dropout),
        NetworkKind.Cnn => new ConvolutionalForecastNetwork(shape.Dimensions, shape.WindowSize, shape.HiddenSize, shape.Dropout),
        NetworkKind.Autoencoder => new DenseAutoencoderNetwork(shape.Dimensions, shape.WindowSize, shape.HiddenSize, shape.Dropout),
        NetworkKind.LstmAutoencoder => new LstmAutoencoderNetwork(shape.Dimensions, shape.HiddenSize, shape.Layers, shape.Dropout),
        _ => throw new ArgumentOutOfRangeException(nameof(shape), shape.Kind, "Unknown network kind."),
    };
}
