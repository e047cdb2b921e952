using MLNetAnomaly.Torch.Runtime;
using static TorchSharp.torch;

namespace MLNetAnomaly.Torch;

/// <summary>Resolves the <see cref="ComputeDevice"/> option to a TorchSharp device.</summary>
internal static class TorchDevices
{
    /// <summary>Returns the device to use, checking that CUDA exists when it is asked for.</summary>
    internal static Device Resolve(ComputeDevice requested)
    {
        TorchNativeLibrary.EnsureLoadable();
        switch (requested)
        {
            case ComputeDevice.Cpu:
                return CPU;
            case ComputeDevice.Cuda:
                if (!CudaAvailable())
                {
                    throw new InvalidOperationException(
                        "Device is Cuda, but CUDA is not available in this process: no CUDA-enabled TorchSharp backend " +
                        "(for example TorchSharp-cuda-linux or TorchSharp-cuda-windows) is referenced, or no GPU and driver were found. " +
                        "Use ComputeDevice.Cpu, or ComputeDevice.Auto to fall back to the CPU.");
                }

                return CUDA;
            case ComputeDevice.Auto:
                return CudaAvailable() ? CUDA : CPU;
            default:
                throw new ArgumentOutOfRangeException(nameof(requested), requested, "Device must be Auto, Cpu or Cuda.");
        }
    }

    /// <summary>
    /// The device a loaded model runs on, chosen at load as ML.NET's <c>MLContext</c> asks for TorchSharp models: the
    /// CPU unless <paramref name="gpuDeviceId"/> is set; then that CUDA device, or the CPU when CUDA is missing and
    /// <paramref name="fallbackToCpu"/> is set. The device a model was fitted on plays no part.
    /// </summary>
    internal static Device ForLoad(int? gpuDeviceId, bool fallbackToCpu)
    {
        TorchNativeLibrary.EnsureLoadable();
        if (gpuDeviceId is not { } id)
        {
            return CPU;
        }

        if (CudaAvailable() && id >= 0 && id < cuda.device_count())
        {
            return new Device(TorchSharp.DeviceType.CUDA, id);
        }

        return fallbackToCpu ? CPU : throw new DeviceUnavailableException(
            $"MLContext.GpuDeviceId is {id}, but CUDA device {id} is not available in this process (no CUDA-enabled TorchSharp backend, no GPU or driver, or fewer devices). " +
            "Leave GpuDeviceId unset to load on the CPU, or set MLContext.FallbackToCpu = true.");
    }

    private static bool CudaAvailable()
    {
        try
        {
            return cuda.is_available();
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException or DllNotFoundException)
        {
            return false;
        }
    }
}
