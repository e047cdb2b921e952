using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>
/// Trains a next-step forecaster with mean-squared error and Adam over shuffled mini-batches of windows.
/// Windows are views of one series tensor (<c>unfold</c>); only each mini-batch is gathered.
/// </summary>
internal static class ForecasterTrainer
{
    /// <summary>
    /// Trains <paramref name="network"/> (already on the settings' device) on <paramref name="series"/> and
    /// returns the absolute one-step error of every training window after training, in series order.
    /// </summary>
    internal static float[] Train(nn.Module<Tensor, Tensor> network, float[] series, ForecastTrainingSettings settings, CancellationToken cancellation)
    {
        var windowCount = series.Length - settings.WindowSize;
        using var scope = NewDisposeScope();
        var all = tensor(series, device: settings.Device);
        var windows = all.unfold(0, settings.WindowSize + 1, 1);
        using var generator = new Generator((ulong)settings.Seed);
        using var optimizer = optim.Adam(network.parameters(), lr: settings.LearningRate);

        network.train();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            using var order = randperm(windowCount, generator: generator).to(settings.Device);
            for (var start = 0; start < windowCount; start += settings.BatchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                using var step = NewDisposeScope();
                var length = Math.Min(settings.BatchSize, windowCount - start);
                var batch = windows.index_select(0, order.narrow(0, start, length));
                var inputs = batch.narrow(1, 0, settings.WindowSize).unsqueeze(-1);
                var targets = batch.narrow(1, settings.WindowSize, 1);
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(network.call(inputs), targets);
                loss.backward();
                optimizer.step();
            }
        }

        network.eval();
        return OneStepErrors(network, windows, settings);
    }

    private static float[] OneStepErrors(nn.Module<Tensor, Tensor> network, Tensor windows, ForecastTrainingSettings settings)
    {
        var count = (int)windows.shape[0];
        var errors = new float[count];
        using var noGrad = no_grad();
        for (var start = 0; start < count; start += settings.BatchSize * 8)
        {
            using var step = NewDisposeScope();
            var length = Math.Min(settings.BatchSize * 8, count - start);
            var batch = windows.narrow(0, start, length);
            var predicted = network.call(batch.narrow(1, 0, settings.WindowSize).unsqueeze(-1));
            var error = (predicted - batch.narrow(1, settings.WindowSize, 1)).abs().reshape(length).cpu();
            error.data<float>().CopyTo(errors, start);
        }

        return errors;
    }
}
