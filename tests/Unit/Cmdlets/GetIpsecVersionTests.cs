using SwanShell.Engine;
using SwanShell.Engine.Kernel;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.Cmdlets;

public sealed class GetIpsecVersionTests
{
    [Fact]
    public void GetIpsecVersion_ReturnsTypedVersionWithUserKernelSplit()
    {
        using var shell = PowerShellFixture.NewShell();

        var version = Assert.IsType<IpsecVersion>(Assert.Single(shell.Run("Get-IpsecVersion")).BaseObject);

        var kernel = KernelInfo.Read().Release;
        Assert.Equal(ProductInfo.Version, version.UserVersion);
        Assert.Equal(kernel, version.KernelVersion);
        Assert.Equal("XFRM", version.Stack);
        Assert.Equal($"U{ProductInfo.Version}/K{kernel}", version.Version);
        Assert.Equal($"SwanShell U{ProductInfo.Version}/K{kernel}", version.ToString());
    }

    [Fact]
    public void GetIpsecVersion_WhereObjectOnStack_FiltersOnTypedProperty()
    {
        using var shell = PowerShellFixture.NewShell();

        Assert.Single(shell.Run("Get-IpsecVersion | Where-Object Stack -eq XFRM"));
        Assert.Empty(shell.Run("Get-IpsecVersion | Where-Object Stack -eq KLIPS"));
    }

    [Fact]
    public void GetIpsecVersion_Directory_IsTheModuleFolder()
    {
        using var shell = PowerShellFixture.NewShell();

        var directory = shell.Run("(Get-IpsecVersion).Directory").Single().BaseObject as string;

        Assert.True(File.Exists(Path.Combine(directory!, "SwanShell.psd1")), $"no manifest in '{directory}'");
    }

    [Fact]
    public void GetIpsecVersion_OutDefault_RendersTheTableView()
    {
        using var shell = PowerShellFixture.NewShell();

        var text = shell.Render("Get-IpsecVersion");

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["Product", "Version", "UserVersion", "KernelVersion", "Stack"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("-------", lines[1], StringComparison.Ordinal);
        Assert.Contains($"U{ProductInfo.Version}/K{KernelInfo.Read().Release}", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("\e[", text, StringComparison.Ordinal);
    }
}
