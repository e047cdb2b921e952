using TorchSharp;
using TorchSharp.Modules;
using MLNetAnomaly.Torch.Networks;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>
/// Trains any <see cref="WindowNetwork"/> on its own loss with Adam over shuffled mini-batches (forecasters learn the
/// row after each window, autoencoders the window itself). Windows are <c>unfold</c> views of one series tensor; only
/// each mini-batch is gathered. With a validation share, the last windows (in time) are held out, training stops
/// after <see cref="WindowTrainingSettings.Patience"/> epochs without improvement, and the best weights are kept.
/// </summary>
internal static class WindowTrainer
{
    /// <summary>
    /// Trains <paramref name="network"/> (already on the device) on <paramref name="series"/> (row-major, scaled) and
    /// returns the network's absolute errors (<see cref="WindowNetwork.Errors"/>) on every window's last row after
    /// training, shaped (windows, <see cref="WindowNetwork.ErrorComponents"/>), in order.
    /// </summary>
    internal static float[] Train(WindowNetwork network, float[] series, WindowTrainingSettings settings, CancellationToken cancellation)
        => Train(network, series, settings, cancellation, null, out _);

    /// <summary>
    /// The same, reporting each epoch to <paramref name="progress"/> (the mean training loss is then read back from the
    /// device once per batch) and returning how long the epochs took (without the final pass that measures the errors).
    /// </summary>
    internal static float[] Train(WindowNetwork network, float[] series, WindowTrainingSettings settings, CancellationToken cancellation, IProgress<TrainingProgress>? progress, out TimeSpan epochTime)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var shape = network.Shape;
        using var scope = NewDisposeScope();
        var all = tensor(series, new long[] { series.Length / shape.Dimensions, shape.Dimensions }, device: settings.Device);
        var windows = WindowTensors.Windows(all, network.Span);
        var count = windows.shape[0];
        var validation = (long)Math.Floor(count * settings.ValidationFraction);
        var training = validation >= 1 && count - validation >= 1 ? count - validation : count;
        validation = count - training;
        using var generator = new Generator((ulong)settings.Seed);
        using var optimizer = new AdamState(network.parameters(), settings.LearningRate);

        var bestLoss = double.PositiveInfinity;
        Dictionary<string, Tensor>? bestWeights = null;
        var sinceBest = 0;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            network.train();
            var lossSum = 0.0;
            using var order = randperm(training, generator: generator).to(settings.Device);
            var batches = (int)((training + settings.BatchSize - 1) / settings.BatchSize);
            var batch = 0;
            var lastReport = clock.Elapsed;
            for (long start = 0; start < training; start += settings.BatchSize)
            {
                cancellation.ThrowIfCancellationRequested();
                using var step = NewDisposeScope();
                var length = Math.Min(settings.BatchSize, training - start);
                var windowBatch = windows.index_select(0, order.narrow(0, start, length));
                optimizer.ZeroGrad();
                var loss = network.Loss(windowBatch);
                if (progress is not null)
                {
                    lossSum += loss.item<float>() * length;
                }

                loss.backward();
                if (settings.GradientClip > 0)
                {
                    nn.utils.clip_grad_norm_(network.parameters(), settings.GradientClip);
                }

                optimizer.Step();
                batch++;
                if (progress is not null && batch < batches && clock.Elapsed - lastReport >= settings.ProgressInterval)
                {
                    lastReport = clock.Elapsed;
                    progress.Report(new TrainingProgress(epoch + 1, settings.Epochs, lossSum / Math.Min(training, start + length), null, lastReport) { Batch = batch, Batches = batches });
                }
            }

            double? validationLoss = validation == 0 ? null : ValidationLoss(network, windows.narrow(0, training, validation), settings);
            progress?.Report(new TrainingProgress(epoch + 1, settings.Epochs, lossSum / training, validationLoss, clock.Elapsed) { Batch = batches, Batches = batches });
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
        var errors = Errors(network, all, (int)count, settings);
        if (!errors.Any(float.IsFinite))
        {
            // Seen with libtorch 2.10 on an AMD EPYC host: a CNN with 4 channels got NaN gradients in its first
            // convolution from a finite loss and finite weights; Adam then wrote NaN into the weights.
            throw new InvalidOperationException(
                $"Training failed: the network's outputs became NaN (the optimiser took a step on non-finite gradients). " +
                $"This happens with very small networks on some CPUs; use a larger HiddenSize (it was {shape.HiddenSize}) or a smaller LearningRate (it was {settings.LearningRate}).");
        }

        return errors;
    }

    private static double ValidationLoss(WindowNetwork network, Tensor held, WindowTrainingSettings settings)
    {
        network.eval();
        using var mode = InferenceGuard.Enter(network, settings.Device);
        var total = 0.0;
        var count = held.shape[0];
        for (long start = 0; start < count; start += settings.BatchSize * 8)
        {
            using var step = NewDisposeScope();
            var length = Math.Min(settings.BatchSize * 8, count - start);
            total += network.Loss(held.narrow(0, start, length)).detach().item<float>() * length;
        }

        return total / count;
    }

    private static float[] Errors(WindowNetwork network, Tensor series, int count, WindowTrainingSettings settings)
    {
        var components = network.ErrorComponents;
        var errors = new float[count * components];
        using var mode = InferenceGuard.Enter(network, settings.Device);
        for (var start = 0; start < count; start += settings.BatchSize * 8)
        {
            using var step = NewDisposeScope();
            var length = Math.Min(settings.BatchSize * 8, count - start);
            var error = network.Errors(series.narrow(0, start, length + network.Span - 1)).cpu();
            error.data<float>().CopyTo(errors, start * components);
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
