using MLNetAnomaly.Torch.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MLNetAnomaly.Tests.Torch;

/// <summary>
/// Our Adam, which every fit now uses, moves the parameters exactly as TorchSharp's <c>optim.Adam</c> did (so the
/// networks and every figure measured with them are unchanged), and it survives garbage collections that fall inside
/// its native calls, which TorchSharp's temporary scalars do not guarantee.
/// </summary>
public sealed class AdamStateTests
{
    static AdamStateTests() => TorchNativeSupport.EnsureLoadable();

    private static (nn.Module<Tensor, Tensor> Network, Tensor Input, Tensor Target) Problem(int seed)
    {
        manual_seed(seed);
        var network = nn.Sequential(nn.Linear(6, 16), nn.Tanh(), nn.Linear(16, 3));
        return (network, randn(32, 6), randn(32, 3));
    }

    [Fact]
    public void StepsAreTorchSharpsAdamBitForBit()
    {
        var (ours, input, target) = Problem(5);
        var (theirs, _, _) = Problem(5);
        using var adam = new AdamState(ours.parameters(), 0.01);
        using var reference = optim.Adam(theirs.parameters(), lr: 0.01);
        for (var step = 0; step < 50; step++)
        {
            adam.ZeroGrad();
            nn.functional.mse_loss(ours.call(input), target).backward();
            adam.Step();

            reference.zero_grad();
            nn.functional.mse_loss(theirs.call(input), target).backward();
            reference.step();
        }

        var a = ours.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        var b = theirs.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
        Assert.Equal(b.Select(BitConverter.SingleToInt32Bits), a.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void CollectionsDuringStepsChangeNothing()
    {
        // A thread forcing collections and finalizers while steps run: our scalars are referenced until each native
        // call returns, so the result is that of a quiet run.
        var (quiet, input, target) = Problem(9);
        var (busy, _, _) = Problem(9);
        using var quietAdam = new AdamState(quiet.parameters(), 0.01);
        using var busyAdam = new AdamState(busy.parameters(), 0.01);
        for (var step = 0; step < 200; step++)
        {
            quietAdam.ZeroGrad();
            nn.functional.mse_loss(quiet.call(input), target).backward();
            quietAdam.Step();
        }

        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        try
        {
            for (var step = 0; step < 200; step++)
            {
                busyAdam.ZeroGrad();
                nn.functional.mse_loss(busy.call(input), target).backward();
                busyAdam.Step();
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }

        Assert.Equal(quiet.parameters().SelectMany(p => p.data<float>().ToArray()), busy.parameters().SelectMany(p => p.data<float>().ToArray()));
    }
}
