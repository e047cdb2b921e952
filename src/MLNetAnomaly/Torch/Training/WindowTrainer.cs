using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>
/// Trains any window network with mean-squared error and Adam over shuffled mini-batches. Forecasters learn the row
/// after each window, autoencoders the window itself. Windows are <c>unfold</c> views of one series tensor; only
/// each mini-batch is gathered. With a validation share, the last windows (in time) are held out, training stops
/// after <see cref="WindowTrainingSettings.Patience"/> epochs without improvement, and the best weights are kept.
/// </summary>
internal static class WindowTrainer
{
    /// <summary>
    /// Trains <paramref name="network"/> (already on the device) on <paramref name="series"/> (row-major, scaled) and
    /// returns the network's absolute errors on every window after training, shaped (windows, dimensions), in order:
    /// for forecasters the error of the next row, for autoencoders of the window's newest row, or the root mean
    /// square over the window when <paramref name="wholeWindow"/> is set.
    /// </summary>
    internal static float[] Train(nn.Module<Tensor, Tensor> network, float[] series, WindowTrainingSettings settings, bool wholeWindow, CancellationToken cancellation)
        => Train(network, series, settings, wholeWindow, cancellation, null, out _);

    /// <summary>
    /// The same, reporting each epoch to <paramref name="progress"/> (the mean training loss is then read back from the
    /// device once per batch) and returning how long the epochs took (without the final pass that measures the errors).
    /// </summary>
    internal static float[] Train(nn.Module<Tensor, Tensor> network, float[] series, WindowTrainingSettings settings, bool wholeWindow, CancellationToken cancellation, IProgress<TrainingProgress>? progress, out TimeSpan epochTime)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var shape = settings.Shape;
        var span = shape.WindowSize + (shape.Reconstructs ? 0 : 1);
        using var scope = NewDisposeScope();
        var all = tensor(series, new long[] { series.Length / shape.Dimensions, shape.Dimensions }, device: settings.Device);
        var windows = WindowTensors.Windows(all, span);
        var count = windows.shape[0];
        var validation = (long)Math.Floor(count * settings.ValidationFraction);
        var training = validation >= 1 && count - validation >= 1 ? count - validation : count;
        validation = count - training;
        using var generator = new Generator((ulong)settings.Seed);
        using var optimizer = optim.Adam(network.parameters(), lr: settings.LearningRate);

        var bestLoss = double.PositiveInfinity;
        Dictionary<string, Tensor>? bestWeights = null;
        var sinceBest = 0;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            network.train();
            var lossSum = 0.0;
            using var order = randperm(training, generator: generator).to(settings.Device);
            for (long start = 0; start < training; start += settings.BatchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                using var step = NewDisposeScope();
                var length = Math.Min(settings.BatchSize, training - start);
                var batch = windows.index_select(0, order.narrow(0, start, length));
                optimizer.zero_grad();
                var loss = Loss(network, batch, shape.WindowSize, shape.Reconstructs);
                if (progress is not null)
                {
                    lossSum += loss.item<float>() * length;
                }

                loss.backward();
                if (settings.GradientClip > 0)
                {
                    nn.utils.clip_grad_norm_(network.parameters(), settings.GradientClip);
                }

                optimizer.step();
            }

            double? validationLoss = validation == 0 ? null : ValidationLoss(network, windows.narrow(0, training, validation), settings);
            progress?.Report(new TrainingProgress(epoch + 1, settings.Epochs, lossSum / training, validationLoss, clock.Elapsed));
            if (validationLoss is null)
            {
                continue;
            }

            if (validationLoss < bestLoss)
            {
                bestLoss = validationLoss.Value;
                sinceBest = 0;
                DisposeAll(bestWeights);
                bestWeights = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope());
            }
            else if (++sinceBest >= settings.Patience)
            {
                break;
            }
        }

        if (bestWeights is not null)
        {
            using (no_grad())
            {
                network.load_state_dict(bestWeights);
            }

            DisposeAll(bestWeights);
        }

        epochTime = clock.Elapsed;
        network.eval();
        return Errors(network, windows, settings, wholeWindow);
    }

    /// <summary>Mean-squared error of the network on a batch of windows.</summary>
    private static Tensor Loss(nn.Module<Tensor, Tensor> network, Tensor batch, int window, bool reconstructs)
    {
        if (reconstructs)
        {
            return nn.functional.mse_loss(network.call(batch), batch);
        }

        return nn.functional.mse_loss(network.call(batch.narrow(1, 0, window)), batch.select(1, window));
    }

    private static double ValidationLoss(nn.Module<Tensor, Tensor> network, Tensor held, WindowTrainingSettings settings)
    {
        network.eval();
        using var mode = InferenceGuard.Enter(settings.Shape, settings.Device);
        var total = 0.0;
        var count = held.shape[0];
        for (long start = 0; start < count; start += settings.BatchSize * 8)
        {
            using var step = NewDisposeScope();
            var length = Math.Min(settings.BatchSize * 8, count - start);
            total += Loss(network, held.narrow(0, start, length), settings.Shape.WindowSize, settings.Shape.Reconstructs).detach().item<float>() * length;
        }

        return total / count;
    }

    private static float[] Errors(nn.Module<Tensor, Tensor> network, Tensor windows, WindowTrainingSettings settings, bool wholeWindow)
    {
        var shape = settings.Shape;
        var count = (int)windows.shape[0];
        var errors = new float[count * shape.Dimensions];
        using var mode = InferenceGuard.Enter(shape, settings.Device);
        for (var start = 0; start < count; start += settings.BatchSize * 8)
        {
            using var step = NewDisposeScope();
            var length = Math.Min(settings.BatchSize * 8, count - start);
            var batch = windows.narrow(0, start, length);
            var error = WindowErrors.Of(network, batch, shape.WindowSize, shape.Reconstructs, wholeWindow).cpu();
            error.data<float>().CopyTo(errors, start * shape.Dimensions);
        }

        return errors;
    }

    private static void DisposeAll(Dictionary<string, Tensor>? weights)
    {
        foreach (var tensor in weights?.Values ?? Enumerable.Empty<Tensor>())
        {
            tensor.Dispose();
        }
    }
}

/// <summary>The absolute error a window network makes on a batch of windows, per dimension.</summary>
internal static class WindowErrors
{
    /// <summary>
    /// Errors shaped (batch, dimensions). <paramref name="batch"/> holds windows of window + 1 rows for forecasters
    /// (the last row is the target) and of window rows for autoencoders.
    /// </summary>
    internal static Tensor Of(nn.Module<Tensor, Tensor> network, Tensor batch, int window, bool reconstructs, bool wholeWindow)
    {
        if (!reconstructs)
        {
            return (network.call(batch.narrow(1, 0, window)) - batch.select(1, window)).abs().detach();
        }

        var difference = network.call(batch) - batch;
        return (wholeWindow ? difference.square().mean(new long[] { 1 }).sqrt() : difference.select(1, window - 1).abs()).detach();
    }

    /// <summary>
    /// The same errors and, alongside, what the network expected for each window's scored row (the forecast of the
    /// row after the window, or the reconstruction of its newest row), both shaped (batch, dimensions), scaled.
    /// </summary>
    internal static (Tensor Errors, Tensor Expected) WithExpected(nn.Module<Tensor, Tensor> network, Tensor batch, int window, bool reconstructs, bool wholeWindow)
    {
        if (!reconstructs)
        {
            var forecast = network.call(batch.narrow(1, 0, window)).detach();
            return ((forecast - batch.select(1, window)).abs(), forecast);
        }

        var reconstruction = network.call(batch).detach();
        var difference = reconstruction - batch;
        var errors = wholeWindow ? difference.square().mean(new long[] { 1 }).sqrt() : difference.select(1, window - 1).abs();
        return (errors, reconstruction.select(1, window - 1));
    }
}
