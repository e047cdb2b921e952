using System.CommandLine;

namespace MLNetAnomaly.Cli.Commands;

/// <summary>Runs a command body and turns failures into one readable line and an exit code.</summary>
internal static class CommandRunner
{
    /// <summary>Exit code for success.</summary>
    internal const int Success = 0;

    /// <summary>Exit code for an unexpected failure.</summary>
    internal const int Failure = 1;

    /// <summary>Exit code for bad input: missing file, bad column, unparsable number, bad argument, bad model file.</summary>
    internal const int BadInput = 2;

    /// <summary>
    /// The <c>--threads</c> option: libtorch's CPU threads for the deep detectors. Unset keeps libtorch's default (one
    /// per core), which is fastest on an idle machine; on a machine shared with other work, 1 avoids the collapse of
    /// spinning threads competing for cores (an LSTM fit measured 352 s with the default and 26 s with 1, same result).
    /// </summary>
    internal static Option<int?> ThreadsOption() => new("--threads")
    {
        Description = "CPU threads for the deep detectors' libtorch work (default: libtorch's, one per core; use 1 on a machine shared with other work).",
    };

    /// <summary>Applies <c>--threads</c> when it was given, refusing values out of range by name.</summary>
    internal static void ApplyThreads(ParseResult result, Option<int?> threads)
    {
        if (result.GetValue(threads) is not { } count)
        {
            return;
        }

        if (count < 1 || count > 1024)
        {
            throw new CliException($"--threads must be between 1 and 1024; it was {count}.");
        }

        TorchNativeSupport.EnsureLoadable();
        TorchSharp.torch.set_num_threads(count);
    }

    /// <summary>Sets <paramref name="body"/> as the command's action, with error handling.</summary>
    internal static void SetBody(Command command, Action<ParseResult> body)
        => command.SetAction(result =>
        {
            try
            {
                body(result);
                return Success;
            }
            catch (ArgumentException exception)
            {
                Console.Error.WriteLine($"error: {OptionMessage(exception)}");
                return BadInput;
            }
            catch (Exception exception) when (exception is CliException or InvalidDataException or NotSupportedException or FileNotFoundException or DirectoryNotFoundException)
            {
                Console.Error.WriteLine($"error: {exception.Message}");
                return BadInput;
            }
            catch (Exception exception)
            {
                Console.Error.WriteLine($"error: {exception.GetType().Name}: {exception.Message}");
                return Failure;
            }
        });

    // The library's option names, as the commands' options that set them.
    private static readonly Dictionary<string, string> OptionsByParameter = new(StringComparer.Ordinal)
    {
        ["WindowSize"] = "--window",
        ["HiddenSize"] = "--hidden",
        ["Layers"] = "--layers",
        ["Epochs"] = "--epochs",
        ["LearningRate"] = "--learning-rate",
        ["ForecastHorizon"] = "--horizon",
        ["Confidence"] = "--confidence",
        ["ContaminationRate"] = "--contamination",
        ["SpotRisk"] = "--spot-risk",
        ["Threshold"] = "--sr-threshold",
        ["PValueHistoryLength"] = "--pvalue-history",
        ["ChangeHistoryLength"] = "--change-history",
        ["SeasonalityWindowSize"] = "--window",
        ["Detectors"] = "--detectors",
        ["EnsembleSize"] = "--ensemble",
        ["MaxTrials"] = "--max-trials",
        ["MaxTime"] = "--max-seconds",
        ["MaxParallelTrials"] = "--parallel",
        ["RefractoryPeriod"] = "--refractory",
        ["LikelihoodAveraging"] = "--likelihood-averaging",
    };

    /// <summary>
    /// An argument error from the library, for a command line: its sentence without .NET's "(Parameter 'X')" and
    /// "Actual value was" suffixes, and the option that sets the parameter when there is one.
    /// </summary>
    internal static string OptionMessage(ArgumentException exception)
    {
        var message = exception.Message;
        var actual = message.IndexOf(Environment.NewLine + "Actual value was", StringComparison.Ordinal);
        if (actual >= 0)
        {
            message = message[..actual];
        }

        if (exception.ParamName is not { } parameter)
        {
            return message;
        }

        message = message.Replace($" (Parameter '{parameter}')", string.Empty, StringComparison.Ordinal);
        var name = parameter[(parameter.LastIndexOf('.') + 1)..];
        return OptionsByParameter.TryGetValue(name, out var option) ? $"{message} (option {option})" : message;
    }
}
