namespace MLNetAnomaly.Cli.Commands;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, so displays update in order.</summary>
/// <typeparam name="T">What is reported.</typeparam>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
