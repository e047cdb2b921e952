using MLNetAnomaly.ML.Detectors;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Networks;
using static TorchSharp.torch;

namespace MLNetAnomaly.Tests.Torch;

public sealed class InferenceGuardTests
{
    [Theory]
    [InlineData("lstm", 16, 1)]
    [InlineData("lstm", 32, 1)]
    [InlineData("lstm", 64, 2)]
    [InlineData("lstm-autoencoder", 16, 1)]
    [InlineData("gru", 16, 1)]
    public void InferenceGivesTheOutputsOfTheGradientPath(string kind, int hidden, int layers)
    {
        // On some hosts libtorch's CPU LSTM returns wrong outputs without gradients for some shapes (hidden 16 on an
        // AMD EPYC host); whatever the host, scoring must agree with the ordinary (gradient) path.
        TorchDevices.Resolve(ComputeDevice.Cpu);
        var shape = new NetworkShape(1, 12, hidden, layers, 0);
        using var network = TorchSeeding.BuildSeeded(5, () => DetectorKinds.Find(kind).Deep!.Network(shape));
        network.eval();
        using var generator = new Generator(11);
        using var input = randn(new long[] { 16, 12, 1 }, generator: generator);

        float[] reference;
        using (enable_grad())
        {
            using var output = network.call(input);
            reference = output.detach().data<float>().ToArray();
        }

        float[] guarded;
        using (InferenceGuard.Enter(network, CPU))
        {
            using var output = network.call(input);
            guarded = output.detach().data<float>().ToArray();
        }

        Assert.Equal(reference.Length, guarded.Length);
        Assert.All(reference.Zip(guarded), p => Assert.Equal(p.First, p.Second, 1e-6));
    }
}
