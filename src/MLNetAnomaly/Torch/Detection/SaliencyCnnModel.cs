using MLNetAnomaly.Torch.Networks.Convolutional;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Detection;

/// <summary>
/// Builds SR-CNN's network, with the weights shipped in the package (embedded resource
/// <see cref="ResourceName"/>, made by <c>benchmarks/MLNetAnomaly.Benchmarks -- train-srcnn</c>) or freshly seeded.
/// </summary>
internal static class SaliencyCnnModel
{
    /// <summary>The embedded resource holding the shipped weights (TorchWeights format).</summary>
    internal const string ResourceName = "MLNetAnomaly.Resources.srcnn-default.weights";

    /// <summary>Seed of a fresh network's weights.</summary>
    internal const int Seed = 1;

    /// <summary>A network for maps of <paramref name="windowSize"/> points, with the shipped weights when asked.</summary>
    internal static nn.Module<Tensor, Tensor> Create(int windowSize, bool loadDefault)
    {
        var network = TorchSeeding.BuildSeeded(Seed, () => new SaliencyCnnNetwork(windowSize));
        if (!loadDefault)
        {
            return network;
        }

        try
        {
            using var stream = typeof(SaliencyCnnModel).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException($"The shipped SR-CNN network ({ResourceName}) is missing from the MLNetAnomaly assembly.");
            using var reader = new BinaryReader(stream);
            TorchWeights.ReadDigested(reader, network, "shipped SR-CNN network");
            network.eval();
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }
}
