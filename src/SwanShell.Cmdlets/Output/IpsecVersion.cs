using SwanShell.Engine;
using SwanShell.Engine.Kernel;

namespace SwanShell;

/// <summary>
/// The <c>ipsec --version</c> and <c>ipsec --directory</c> of SwanShell: user-space and kernel
/// versions (always shown split, as for every XFRM kernel) and where the module lives.
/// </summary>
public sealed class IpsecVersion
{
    internal IpsecVersion(KernelInfo kernel, string moduleDirectory)
    {
        KernelVersion = kernel.Release;
        Stack = kernel.Stack;
        XfrmAvailable = kernel.XfrmAvailable;
        ModuleDirectory = moduleDirectory;
    }

    public string Product { get; } = ProductInfo.Name;

    public string UserVersion { get; } = ProductInfo.Version;

    public string KernelVersion { get; }

    public string Stack { get; }

    public bool XfrmAvailable { get; }

    public string ModuleDirectory { get; }

    /// <summary>The classic <c>U&lt;user&gt;/K&lt;kernel&gt;</c> form.</summary>
    public string Version => $"U{UserVersion}/K{KernelVersion}";

    public override string ToString() => $"{Product} {Version}";
}
