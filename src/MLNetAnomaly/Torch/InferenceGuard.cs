using System.Collections.Concurrent;
using MLNetAnomaly.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch;

/// <summary>
/// The gradient mode a network is run in outside training. Normally <c>no_grad</c>; but libtorch 2.10's CPU LSTM
/// takes a different kernel (oneDNN's) when gradients are off, and on some hosts that kernel returns wrong outputs
/// for some shapes: measured on an AMD EPYC host, hidden size 16 gave forecast errors 7× those of the same network
/// with gradients on, while hidden sizes 32 and 64 agreed to 1e-7. So the first time an LSTM shape is used in a
/// process, a probe network of that shape (seeded weights, random input) is run both ways; if they differ, that
/// shape is always run with gradients on (results detached), which is correct and somewhat slower. Other networks
/// take no other kernel and always run under <c>no_grad</c>.
/// </summary>
internal static class InferenceGuard
{
    private const double Tolerance = 1e-5;
    private static readonly ConcurrentDictionary<NetworkShape, bool> Reliable = new();

    /// <summary>
    /// The gradient mode to run a network of <paramref name="shape"/> on <paramref name="device"/> in, for inference;
    /// dispose it after, and detach what leaves it.
    /// </summary>
    internal static IDisposable Enter(NetworkShape shape, Device device)
        => device.type != DeviceType.CPU || NoGradIsReliable(shape) ? no_grad() : enable_grad();

    /// <summary>True when running <paramref name="shape"/> under <c>no_grad</c> gives the outputs it gives with gradients on.</summary>
    internal static bool NoGradIsReliable(NetworkShape shape)
        => shape.Kind is not (NetworkKind.Lstm or NetworkKind.LstmAutoencoder) || Reliable.GetOrAdd(shape with { Dropout = 0 }, Probe);

    private static bool Probe(NetworkShape shape)
    {
        using var scope = NewDisposeScope();
        using var network = TorchSeeding.BuildSeeded(1, () => NetworkFactory.Build(shape));
        network.eval();
        using var generator = new Generator(7);
        var input = randn(new long[] { 8, shape.WindowSize, shape.Dimensions }, generator: generator);
        float[] withGradients;
        using (enable_grad())
        {
            withGradients = network.call(input).detach().data<float>().ToArray();
        }

        float[] without;
        using (no_grad())
        {
            without = network.call(input).data<float>().ToArray();
        }

        return withGradients.Zip(without).All(p => Math.Abs(p.First - p.Second) <= Tolerance * Math.Max(1, Math.Abs(p.First)));
    }
}
