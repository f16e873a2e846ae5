namespace SwanShell.Engine.Kernel;

/// <summary>What the running kernel says about itself and its IPsec stack.</summary>
/// <param name="Release">The kernel release, as <c>uname -r</c> prints it.</param>
/// <param name="Stack">The IPsec stack: always XFRM on Linux (KLIPS is long gone).</param>
/// <param name="XfrmAvailable">Whether the kernel was built with XFRM (its sysctls exist).</param>
public sealed record KernelInfo(string Release, string Stack, bool XfrmAvailable)
{
    public const string XfrmStack = "XFRM";

    /// <summary>Reads the running kernel's facts from procfs; <paramref name="procRoot"/> is a seam for tests.</summary>
    public static KernelInfo Read(string procRoot = "/proc")
    {
        var releasePath = Path.Combine(procRoot, "sys/kernel/osrelease");
        var release = File.Exists(releasePath) ? File.ReadAllText(releasePath).Trim() : "unknown";
        var xfrm = File.Exists(Path.Combine(procRoot, "sys/net/core/xfrm_acq_expires"));
        return new KernelInfo(release, XfrmStack, xfrm);
    }
}
