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
/// process, the network is probed (random input, run both ways); if the outputs differ, networks of that
/// architecture and shape are always run with gradients on (results detached), which is correct and somewhat slower.
/// Networks without an LSTM take no other kernel and always run under <c>no_grad</c>.
/// </summary>
internal static class InferenceGuard
{
    private const double Tolerance = 1e-5;
    private static readonly ConcurrentDictionary<(string Architecture, NetworkShape Shape), bool> Reliable = new();

    /// <summary>
    /// The gradient mode to run <paramref name="network"/> (in evaluation mode) on <paramref name="device"/> in, for
    /// inference; dispose it after, and detach what leaves it.
    /// </summary>
    internal static IDisposable Enter(WindowNetwork network, Device device)
        => device.type != DeviceType.CPU || NoGradIsReliable(network) ? no_grad() : enable_grad();

    /// <summary>True when running <paramref name="network"/> under <c>no_grad</c> gives the outputs it gives with gradients on.</summary>
    internal static bool NoGradIsReliable(WindowNetwork network)
        => !network.UsesLstmKernel || Reliable.GetOrAdd((network.GetName(), network.Shape with { Dropout = 0 }), _ => Probe(network));

    private static bool Probe(WindowNetwork network)
    {
        var shape = network.Shape;
        using var scope = NewDisposeScope();
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
