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

    /// <summary>Sets <paramref name="body"/> as the command's action, with error handling.</summary>
    internal static void SetBody(Command command, Action<ParseResult> body)
        => command.SetAction(result =>
        {
            try
            {
                body(result);
                return Success;
            }
            catch (Exception exception) when (exception is CliException or ArgumentException or InvalidDataException or NotSupportedException or FileNotFoundException or DirectoryNotFoundException)
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
}
