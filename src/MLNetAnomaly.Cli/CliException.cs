namespace MLNetAnomaly.Cli;

/// <summary>A problem with the user's input or arguments: printed as one line, exit code 2.</summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates the exception with the message shown to the user.</summary>
    internal CliException(string message)
        : base(message)
    {
    }
}
