using Microsoft.ML;
using MLNetAnomaly.Core.PostProcessing;
using MLNetAnomaly.ML.Detectors;
using MLNetAnomaly.Tests.TestFramework;
using MLNetAnomaly.Torch;
using MLNetAnomaly.Torch.Networks;

namespace MLNetAnomaly.Tests.ML.Persistence;

/// <summary>What a deep model file depends on: the device is chosen at load, and the weights' names are pinned.</summary>
public sealed class DeepModelFormatTests
{
    private static readonly float[] Series = SyntheticSeries.WithSpikes(SyntheticSeries.NoisySine(200), 7, 170);

    [Fact]
    public void AModelFittedForCudaLoadsAndScoresOnTheCpu()
    {
        // This machine has no GPU, so the network is trained on the CPU and the transformer is given options saying
        // Device = Cuda, as a model fitted on a GPU machine would carry: the device must not be written or re-resolved.
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Series);
        var fitted = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(window: 8, epochs: 2)).Fit(ml.ToDataView(Series[..120]));
        var cudaOptions = fitted.Options;
        cudaOptions.Device = ComputeDevice.Cuda;
        var fittedOnCuda = new DeepDetectorTransformer(DetectorKinds.Find("lstm"), cudaOptions, (PostProcessedDetector)fitted.Detector);
        ml.Model.Save(fittedOnCuda, data.Schema, folder.File("cuda.zip"));

        var fresh = new MLContext();
        using var loaded = (DeepDetectorTransformer)fresh.Model.Load(folder.File("cuda.zip"), out _);

        Assert.Equal(ml.Predictions(fitted.Transform(data)), fresh.Predictions(loaded.Transform(data)));
        Assert.Equal(ComputeDevice.Cpu, loaded.Options.Device);
        fitted.Dispose();
    }

    [SkippableFact]
    public void TheLoadingContextChoosesTheDeviceAsMLNetDoes()
    {
        // The library's native-loading fix must run before anything touches libtorch (docs/decisions/0001).
        TorchNativeSupport.EnsureLoadable();
        Skip.If(TorchSharp.torch.cuda.is_available(), "This machine has CUDA; the test checks what happens without it.");
        using var folder = new TemporaryFolder();
        var ml = new MLContext(seed: 1);
        var data = ml.ToDataView(Series);
        using var fitted = ml.Transforms.DetectAnomalyByLstm(TinyLstm.Options(window: 8, epochs: 1)).Fit(ml.ToDataView(Series[..120]));
        ml.Model.Save(fitted, data.Schema, folder.File("model.zip"));

        // GpuDeviceId set on a machine without CUDA: a clear error, or the CPU when the context allows falling back.
        var strict = new MLContext { GpuDeviceId = 0, FallbackToCpu = false };
        var error = Assert.Throws<InvalidOperationException>(() => strict.Model.LoadDetectorModel(folder.File("model.zip"), out _));
        Assert.Contains("GpuDeviceId is 0", error.Message);
        var lenient = new MLContext { GpuDeviceId = 0, FallbackToCpu = true };
        using var loaded = (DeepDetectorTransformer)lenient.Model.LoadDetectorModel(folder.File("model.zip"), out _);
        Assert.Equal(ComputeDevice.Cpu, loaded.Options.Device);
        Assert.Equal(ml.Predictions(fitted.Transform(data)), lenient.Predictions(loaded.Transform(data)));
    }

    public static TheoryData<string, string[]> PinnedNames => new()
    {
        { "lstm", new[] { "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1", "head.weight", "head.bias" } },
        { "gru", new[] { "gru.weight_ih_l0", "gru.weight_hh_l0", "gru.bias_ih_l0", "gru.bias_hh_l0", "gru.weight_ih_l1", "gru.weight_hh_l1", "gru.bias_ih_l1", "gru.bias_hh_l1", "head.weight", "head.bias" } },
        { "rnn", new[] { "rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0", "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1", "head.weight", "head.bias" } },
        { "cnn", new[] { "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "dense.weight", "dense.bias", "head.weight", "head.bias" } },
        { "autoencoder", new[] { "encoder1.weight", "encoder1.bias", "encoder2.weight", "encoder2.bias", "decoder1.weight", "decoder1.bias", "decoder2.weight", "decoder2.bias" } },
        {
            "lstm-autoencoder", new[]
            {
                "encoder.weight_ih_l0", "encoder.weight_hh_l0", "encoder.bias_ih_l0", "encoder.bias_hh_l0", "encoder.weight_ih_l1", "encoder.weight_hh_l1", "encoder.bias_ih_l1", "encoder.bias_hh_l1",
                "decoder.weight_ih_l0", "decoder.weight_hh_l0", "decoder.bias_ih_l0", "decoder.bias_hh_l0", "decoder.weight_ih_l1", "decoder.weight_hh_l1", "decoder.bias_ih_l1", "decoder.bias_hh_l1",
                "head.weight", "head.bias",
            }
        },
    };

    [Theory]
    [MemberData(nameof(PinnedNames))]
    public void TheWeightsKeepTheNamesModelFilesStoreThemUnder(string kind, string[] names)
    {
        // Model files store weights by these names; renaming a field of a network class would orphan every saved model.
        TorchDevices.Resolve(ComputeDevice.Cpu);
        using var network = DetectorKinds.Find(kind).Deep!.Network(new NetworkShape(2, 8, 4, 2, 0));
        Assert.Equal(names, network.state_dict().Keys.ToArray());
    }

    [Fact]
    public void EveryDeepKindHasPinnedWeightNames()
        => Assert.Equal(DetectorRegistry.DeepDetectorNames.OrderBy(n => n), PinnedNames.Select(row => (string)row[0]).OrderBy(n => n));
}
