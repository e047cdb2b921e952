namespace MLNetAnomaly.Streaming;

/// <summary>
/// Detects an object being used from two threads at once: each call marks the object busy on entry and free on
/// exit, and a call that finds it busy throws instead of interleaving its state with the other's. Calls from
/// several threads one after another are not detected (and do not corrupt anything by themselves).
/// </summary>
internal sealed class ExclusiveUse
{
    private readonly string _owner;
    private int _busy;

    /// <summary>A guard for <paramref name="owner"/>, named in the error.</summary>
    internal ExclusiveUse(string owner)
    {
        _owner = owner;
    }

    /// <summary>Marks the object busy, or throws <see cref="InvalidOperationException"/> when another call holds it.</summary>
    internal Scope Enter(string operation)
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException(
                $"{_owner}.{operation} was called while another call on the same {_owner} was still running, from another thread. An engine holds one series' state and is not thread-safe: give each thread (each series) its own engine, or serialise the calls.");
        }

        return new Scope(this);
    }

    /// <summary>Frees the object when disposed.</summary>
    internal readonly struct Scope : IDisposable
    {
        private readonly ExclusiveUse _use;

        internal Scope(ExclusiveUse use)
        {
            _use = use;
        }

        /// <inheritdoc />
        public void Dispose() => Volatile.Write(ref _use._busy, 0);
    }
}
