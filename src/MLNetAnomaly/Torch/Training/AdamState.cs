using MLNetAnomaly.Core.Scoring;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch.Training;

/// <summary>
/// Adam (Kingma and Ba, 2015) over a fixed list of parameters, with its moments held as tensors this class owns, so
/// that a streaming checkpoint can write and restore them exactly. Every fit and every update while scoring uses it;
/// it computes what TorchSharp's <c>optim.Adam</c> computes, operation for operation (a test compares the two), but
/// passes libtorch only scalars it keeps alive until the call returns (including the alpha of 1 that
/// <c>add_(Scalar)</c> would create). TorchSharp's own Adam passes temporary <c>Scalar</c> objects
/// (<c>mul_(beta1)</c>) whose native memory the finalizer thread can free while libtorch still reads it, when a
/// garbage collection falls inside the call: the cause of the rare native crashes ("Expected false to be true ...
/// toFloat at c10/core/Scalar.h", and "toDouble" in <c>mul_</c>) seen in long benchmark runs. A thread forcing
/// collections reproduces that crash within seconds with TorchSharp's Adam (docs/reliability.md).
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
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private readonly Scalar _one = 1.0.ToScalar();
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
        // Held by using, so they stay referenced until every call that reads them has returned.
        using var correction = Math.Sqrt(1 - Math.Pow(Beta2, _steps)).ToScalar();
        using var stepSize = (-_learningRate / firstCorrection).ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var gradient = _parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            _first[i].mul_(_beta1).add_(gradient, alpha: _oneMinusBeta1);
            _second[i].mul_(_beta2).addcmul_(gradient, gradient, value: _oneMinusBeta2);
            // add_(Scalar) would make its own temporary alpha of 1: pass ours.
            var denominator = _second[i].sqrt().div_(correction).add_(_epsilon, _one);
            _parameters[i].addcdiv_(_first[i], denominator, value: stepSize);
        }
    }

    /// <summary>Sets every parameter's gradient to zero before the next backward pass.</summary>
    internal void ZeroGrad()
    {
        using var mode = no_grad();
        foreach (var parameter in _parameters)
        {
            using var gradient = parameter.grad;
            gradient?.zero_();
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

        foreach (var scalar in new[] { _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _epsilon, _one })
        {
            scalar.Dispose();
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
