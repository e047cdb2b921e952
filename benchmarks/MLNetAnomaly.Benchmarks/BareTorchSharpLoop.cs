using System.Diagnostics;
using MLNetAnomaly.Torch.Networks;
using TorchSharp;
using MLNetAnomaly.ML.Detectors;
using static TorchSharp.torch;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// The reference: the same network (built from the library's table of detector kinds) trained and run by a
/// plain TorchSharp loop, with no ML.NET, no calibration and no library training code, so the library's overhead can
/// be read off next to it.
/// </summary>
internal static class BareTorchSharpLoop
{
    /// <summary>Trains a fresh network on the standardised series; returns the time of the epochs.</summary>
    internal static TimeSpan Run(float[] values, DetectorKind kind, BenchmarkSettings settings)
    {
        var mean = values.Average();
        var deviation = (float)Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        var scaled = values.Select(v => (v - mean) / deviation).ToArray();
        var shape = new NetworkShape(1, settings.WindowSize, settings.HiddenSize, settings.Layers, 0);
        manual_seed(settings.Seed);
        using var network = kind.Deep!.Network(shape);
        var reconstructs = network is ReconstructionNetwork;
        var span = settings.WindowSize + (reconstructs ? 0 : 1);
        using var scope = NewDisposeScope();
        var windows = tensor(scaled).unfold(0, span, 1).unsqueeze(-1);
        var count = windows.shape[0];
        using var optimizer = optim.Adam(network.parameters(), lr: 1e-3);
        var clock = Stopwatch.StartNew();
        network.train();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            var order = randperm(count);
            for (long start = 0; start < count; start += settings.BatchSize)
            {
                using var step = NewDisposeScope();
                var batch = windows.index_select(0, order.narrow(0, start, Math.Min(settings.BatchSize, count - start)));
                optimizer.zero_grad();
                var loss = reconstructs
                    ? nn.functional.mse_loss(network.call(batch), batch)
                    : nn.functional.mse_loss(network.call(batch.narrow(1, 0, settings.WindowSize)), batch.select(1, settings.WindowSize));
                loss.backward();
                optimizer.step();
            }
        }

        return clock.Elapsed;
    }

    /// <summary>Batched inference of <paramref name="network"/> over every window of an already scaled series.</summary>
    internal static void Infer(nn.Module<Tensor, Tensor> network, float[] scaled, BenchmarkSettings settings)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var inputs = tensor(scaled).unfold(0, settings.WindowSize, 1).unsqueeze(-1);
        for (long start = 0; start < inputs.shape[0]; start += settings.InferenceBatchSize)
        {
            using var step = NewDisposeScope();
            var batch = inputs.narrow(0, start, Math.Min(settings.InferenceBatchSize, inputs.shape[0] - start));
            network.call(batch).cpu().data<float>().ToArray();
        }
    }
}
