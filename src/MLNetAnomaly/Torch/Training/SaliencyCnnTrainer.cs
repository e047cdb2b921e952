using MLNetAnomaly.Core.Classical;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>
/// Trains SR-CNN's classifier on saliency maps of series with injected anomalies (<see cref="SyntheticAnomalies"/>):
/// binary cross-entropy on the newest point of each map, positives weighted by the class ratio, Adam, shuffled
/// mini-batches, seeded.
/// </summary>
internal static class SaliencyCnnTrainer
{
    /// <summary>Share of points that get an injected anomaly.</summary>
    internal const double InjectionRate = 0.02;

    /// <summary>
    /// Injects anomalies into copies of <paramref name="series"/> (<paramref name="copies"/> times each, with
    /// different draws) and returns their maps and labels.
    /// </summary>
    internal static (float[] Maps, float[] Labels) Examples(IEnumerable<float[]> series, SaliencyWindows windows, int copies, Random random)
    {
        var maps = new List<float>();
        var labels = new List<float>();
        foreach (var original in series)
        {
            for (var copy = 0; copy < copies; copy++)
            {
                var values = (float[])original.Clone();
                var injected = SyntheticAnomalies.Inject(random, values, InjectionRate);
                maps.AddRange(windows.All(values));
                for (var end = windows.WindowSize - 1; end < values.Length; end++)
                {
                    labels.Add(injected[end] ? 1 : 0);
                }
            }
        }

        return (maps.ToArray(), labels.ToArray());
    }

    /// <summary>Trains <paramref name="network"/> on (maps, labels) for <paramref name="epochs"/> epochs.</summary>
    internal static void Train(nn.Module<Tensor, Tensor> network, float[] maps, float[] labels, int windowSize, int epochs, double learningRate, int seed)
    {
        var count = labels.Length;
        if (count == 0)
        {
            throw new ArgumentException($"There are no training maps: each series needs at least {windowSize} points.", nameof(labels));
        }

        using var scope = NewDisposeScope();
        var inputs = tensor(maps, new long[] { count, windowSize });
        var targets = tensor(labels);
        var positives = Math.Max(labels.Sum(), 1);
        using var weight = tensor(new[] { (float)((count - positives) / positives) });
        using var generator = new Generator((ulong)seed);
        using var optimizer = new AdamState(network.parameters(), learningRate);
        network.train();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var order = randperm(count, generator: generator);
            for (long start = 0; start < count; start += 256)
            {
                using var step = NewDisposeScope();
                var batch = order.narrow(0, start, Math.Min(256, count - start));
                optimizer.ZeroGrad();
                var loss = nn.functional.binary_cross_entropy_with_logits(network.call(inputs.index_select(0, batch)), targets.index_select(0, batch), pos_weights: weight);
                loss.backward();
                optimizer.Step();
            }
        }

        network.eval();
    }
}
