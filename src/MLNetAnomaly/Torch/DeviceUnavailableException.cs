namespace MLNetAnomaly.Torch;

/// <summary>The device asked for (a CUDA device) does not exist in this process.</summary>
internal sealed class DeviceUnavailableException : InvalidOperationException
{
    /// <summary>An error with <paramref name="message"/>, which says what was asked for and what to do.</summary>
    internal DeviceUnavailableException(string message)
        : base(message)
    {
    }
}
