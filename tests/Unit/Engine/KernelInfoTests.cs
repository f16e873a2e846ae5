using SwanShell.Engine.Kernel;

namespace SwanShell.UnitTests.Engine;

public sealed class KernelInfoTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("swanshell-proc-").FullName;

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact]
    public void Read_ProcWithReleaseAndXfrm_ReportsReleaseAndXfrm()
    {
        Directory.CreateDirectory(Path.Combine(_proc, "sys/kernel"));
        Directory.CreateDirectory(Path.Combine(_proc, "sys/net/core"));
        File.WriteAllText(Path.Combine(_proc, "sys/kernel/osrelease"), "6.1.0-56-amd64\n");
        File.WriteAllText(Path.Combine(_proc, "sys/net/core/xfrm_acq_expires"), "30\n");

        var info = KernelInfo.Read(_proc);

        Assert.Equal(new KernelInfo("6.1.0-56-amd64", "XFRM", XfrmAvailable: true), info);
    }

    [Fact]
    public void Read_ProcWithoutXfrm_ReportsXfrmMissing()
    {
        Directory.CreateDirectory(Path.Combine(_proc, "sys/kernel"));
        File.WriteAllText(Path.Combine(_proc, "sys/kernel/osrelease"), "5.10.0\n");

        Assert.False(KernelInfo.Read(_proc).XfrmAvailable);
    }

    [Fact]
    public void Read_RunningKernel_MatchesUname()
    {
        var uname = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("uname", "-r") { RedirectStandardOutput = true })!;
        var expected = uname.StandardOutput.ReadToEnd().Trim();
        uname.WaitForExit();

        Assert.Equal(expected, KernelInfo.Read().Release);
    }
}
