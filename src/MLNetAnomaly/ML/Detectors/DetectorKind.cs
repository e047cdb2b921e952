using Microsoft.ML;
using MLNetAnomaly.Selection;
using MLNetAnomaly.Torch.Networks;

namespace MLNetAnomaly.ML.Detectors;

/// <summary>
/// One kind of detector, described once: its name, how to build it at its default setting, the configurations
/// selection tries and, for the deep kinds, its options type and its network. The catalog, the registry, selection,
/// the benchmark and the CLI all read <see cref="DetectorKinds.All"/> rather than switching on names.
/// </summary>
/// <param name="Name">The name users type ("lstm"); also written into deep model files.</param>
/// <param name="Summary">One line about the method, for help texts and leaderboards.</param>
/// <param name="Create">
/// Builds the estimator at the default setting for (catalog, output column, input column, post-processing); null
/// post-processing keeps the detector's default (the chain for most, ML.NET's own output for IID spike and SR).
/// </param>
/// <param name="Trials">The configurations selection tries, for a seed.</param>
/// <param name="Deep">The network side of a deep kind, or null for the classical ones.</param>
internal sealed record DetectorKind(
    string Name,
    string Summary,
    Func<TransformsCatalog, string, string, PostProcessingOptions?, IEstimator<ITransformer>> Create,
    Func<int, IEnumerable<SelectionTrial>> Trials,
    DeepNetworkKind? Deep = null);

/// <summary>The network side of a deep detector kind.</summary>
/// <param name="OptionsType">The kind's options class; the estimator finds the kind from it.</param>
/// <param name="NewOptions">Fresh options (all defaults).</param>
/// <param name="Network">Builds the network of a shape with fresh weights (seed the generator first).</param>
/// <param name="NetworkType">The network class.</param>
internal sealed record DeepNetworkKind(Type OptionsType, Func<DeepDetectorOptions> NewOptions, Func<NetworkShape, WindowNetwork> Network, Type NetworkType)
{
    /// <summary>True when streaming can carry the network's state from point to point (<see cref="IStepNetwork"/>).</summary>
    internal bool CarriesState => typeof(IStepNetwork).IsAssignableFrom(NetworkType);

    /// <summary>Builds the network for <paramref name="options"/> (which may set how it scores, as autoencoders do).</summary>
    internal WindowNetwork Build(NetworkShape shape, DeepDetectorOptions options)
    {
        var network = Network(shape);
        if (network is ReconstructionNetwork reconstruction && options is ReconstructionDetectorOptions reconstructionOptions)
        {
            reconstruction.ScoreWholeWindow = reconstructionOptions.ScoreWholeWindow;
        }

        return network;
    }
}
