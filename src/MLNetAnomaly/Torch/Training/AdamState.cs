using MLNetAnomaly.Core.Scoring;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>
/// Adam (Kingma and Ba, 2015) over a fixed list of parameters, with its moments held as tensors this class owns, so
/// that a streaming checkpoint can write and restore them exactly. Used for learning while scoring; fitting uses
/// TorchSharp's own Adam.
/// </summary>
internal sealed class AdamState : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private readonly Parameter[] _parameters;
    private readonly Tensor[] _first;
    private readonly Tensor[] _second;
    private readonly double _learningRate;
    private long _steps;

    /// <summary>Starts with zero moments for <paramref name="parameters"/>.</summary>
    internal AdamState(IEnumerable<Parameter> parameters, double learningRate)
    {
        _parameters = parameters.ToArray();
        _first = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _second = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _learningRate = learningRate;
    }

    /// <summary>Steps taken so far.</summary>
    internal long Steps => _steps;

    /// <summary>One step from the parameters' current gradients (parameters without a gradient are left as they are).</summary>
    internal void Step()
    {
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        _steps++;
        var firstCorrection = 1 - Math.Pow(Beta1, _steps);
        var secondCorrection = Math.Sqrt(1 - Math.Pow(Beta2, _steps));
        for (var i = 0; i < _parameters.Length; i++)
        {
            var gradient = _parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            _first[i].mul_(Beta1).add_(gradient, alpha: 1 - Beta1);
            _second[i].mul_(Beta2).addcmul_(gradient, gradient, value: 1 - Beta2);
            var denominator = _second[i].sqrt().div_(secondCorrection).add_(Epsilon);
            _parameters[i].addcdiv_(_first[i], denominator, value: -_learningRate / firstCorrection);
        }
    }

    /// <summary>Writes the step count and both moments of every parameter.</summary>
    internal void Save(BinaryWriter writer)
    {
        using var scope = NewDisposeScope();
        writer.Write(_steps);
        writer.Write(_parameters.Length);
        for (var i = 0; i < _parameters.Length; i++)
        {
            SessionState.Write(writer, _first[i].cpu().data<float>().ToArray());
            SessionState.Write(writer, _second[i].cpu().data<float>().ToArray());
        }
    }

    /// <summary>Reads what <see cref="Save"/> wrote for the same parameters.</summary>
    internal void Restore(BinaryReader reader)
    {
        var steps = reader.ReadInt64();
        if (steps < 0)
        {
            throw new InvalidDataException($"The checkpoint holds {steps} optimiser steps.");
        }

        if (reader.ReadInt32() != _parameters.Length)
        {
            throw new InvalidDataException("The checkpoint's optimiser state belongs to a network of another architecture.");
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            Read(reader, _first[i]);
            Read(reader, _second[i]);
        }

        _steps = steps;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var moment in _first.Concat(_second))
        {
            moment.Dispose();
        }
    }

    private static void Read(BinaryReader reader, Tensor target)
    {
        var values = new float[target.numel()];
        SessionState.Read(reader, values);
        using var scope = NewDisposeScope();
        using var mode = no_grad();
        target.copy_(tensor(values, target.shape));
    }
}
