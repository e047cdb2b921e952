using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Benchmarks;

/// <summary>
/// The reference: the same network and training loop written directly against TorchSharp, with no ML.NET and no
/// library code, so the library's overhead can be read off next to it.
/// </summary>
internal static class BareTorchSharpLstm
{
    private sealed class Network : nn.Module<Tensor, Tensor>
    {
        private readonly TorchSharp.Modules.LSTM lstm;
        private readonly TorchSharp.Modules.Linear head;

        public Network(int hidden, int layers)
            : base("bare")
        {
            lstm = nn.LSTM(1, hidden, layers, batchFirst: true);
            head = nn.Linear(hidden, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            var (output, h, c) = lstm.call(x);
            return head.call(output.select(1, -1));
        }
    }

    /// <summary>Trains on the standardised series and times training and batched inference separately.</summary>
    internal static (TimeSpan Fit, TimeSpan Inference) Run(float[] values, BenchmarkSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var mean = values.Average();
        var deviation = (float)Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        var scaled = values.Select(v => (v - mean) / deviation).ToArray();

        manual_seed(settings.Seed);
        using var network = new Network(settings.HiddenSize, settings.Layers);
        using var scope = NewDisposeScope();
        var windows = tensor(scaled).unfold(0, settings.WindowSize + 1, 1);
        var count = windows.shape[0];
        using var optimizer = optim.Adam(network.parameters(), lr: 1e-3);
        network.train();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            var order = randperm(count);
            for (long start = 0; start < count; start += settings.BatchSize)
            {
                using var step = NewDisposeScope();
                var batch = windows.index_select(0, order.narrow(0, start, Math.Min(settings.BatchSize, count - start)));
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(network.call(batch.narrow(1, 0, settings.WindowSize).unsqueeze(-1)), batch.narrow(1, settings.WindowSize, 1));
                loss.backward();
                optimizer.step();
            }
        }

        var fit = clock.Elapsed;
        clock.Restart();
        network.eval();
        using (no_grad())
        {
            var inputs = tensor(scaled).unfold(0, settings.WindowSize, 1);
            for (long start = 0; start < inputs.shape[0]; start += settings.InferenceBatchSize)
            {
                using var step = NewDisposeScope();
                var batch = inputs.narrow(0, start, Math.Min(settings.InferenceBatchSize, inputs.shape[0] - start)).unsqueeze(-1);
                network.call(batch).cpu().data<float>().ToArray();
            }
        }

        return (fit, clock.Elapsed);
    }
}
