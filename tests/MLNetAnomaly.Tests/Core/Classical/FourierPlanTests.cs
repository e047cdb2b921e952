using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using MLNetAnomaly.Core.Classical;

namespace MLNetAnomaly.Tests.Core.Classical;

/// <summary>
/// The cached transform gives MathNet's results to the last bit (the parity of the spectral residual detectors with
/// ML.NET's rebuilt reference depends on it), for power-of-two lengths and Bluestein lengths alike.
/// </summary>
public sealed class FourierPlanTests
{
    public static TheoryData<int> Lengths => new() { 1, 2, 3, 5, 12, 17, 64, 69, 100, 128, 133, 255, 1024, 1029, 2048 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ForwardAndInverseAreMathNetsBitForBit(int length)
    {
        var random = new Random(length);
        var plan = new FourierPlan(length);
        for (var repeat = 0; repeat < 3; repeat++)
        {
            var samples = Enumerable.Range(0, length).Select(_ => new Complex((random.NextDouble() - 0.5) * 1000, repeat == 0 ? 0 : random.NextDouble() - 0.5)).ToArray();

            var ours = (Complex[])samples.Clone();
            var theirs = (Complex[])samples.Clone();
            plan.Forward(ours);
            Fourier.Forward(theirs, FourierOptions.Matlab);
            AssertSameBits(theirs, ours);

            plan.Inverse(ours);
            Fourier.Inverse(theirs, FourierOptions.Matlab);
            AssertSameBits(theirs, ours);
        }
    }

    /// <summary>Equal bit patterns (so −0 and +0 differ), real and imaginary parts.</summary>
    private static void AssertSameBits(Complex[] expected, Complex[] actual)
    {
        static long[] Bits(Complex[] values) => values.SelectMany(c => new[] { BitConverter.DoubleToInt64Bits(c.Real), BitConverter.DoubleToInt64Bits(c.Imaginary) }).ToArray();
        Assert.Equal(Bits(expected), Bits(actual));
    }

    [Fact]
    public void ASampleOfTheWrongLengthIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new FourierPlan(69).Forward(new Complex[64]));
        Assert.Contains("69", error.Message);
    }
}
