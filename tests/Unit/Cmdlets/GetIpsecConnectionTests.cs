using System.Management.Automation;
using SwanShell.Engine.Config;
using SwanShell.UnitTests.Config;
using SwanShell.UnitTests.Hosting;

namespace SwanShell.UnitTests.Cmdlets;

public sealed class GetIpsecConnectionTests
{
    /// <summary>The arguments that read a fixture as if its folder were /.</summary>
    private static string Conf(string fixture) => ConfigFiles.Fixture(fixture);

    [Fact]
    public void GetIpsecConnection_Fixture_ReturnsTypedConnsWithBothEnds()
    {
        using var shell = PowerShellFixture.NewShell();

        var conn = Assert.IsType<IpsecConnection>(Assert.Single(shell.Run($"Get-IpsecConnection -RootDirectory '{Conf("subnet-to-subnet-certs")}'")).BaseObject);

        Assert.Equal("westnet-eastnet", conn.Name);
        Assert.Equal("192.1.2.45", conn.Left.Host);
        Assert.Equal(["192.0.1.0/24"], conn.Left.Subnets);
        Assert.Equal(IkeIdentityKind.DistinguishedName, conn.Right.IdType);
        Assert.Equal(["aes_gcm_16_256-sha2_512;dh19+dh20"], conn.Ike);
        Assert.Equal(AutoStart.Add, conn.Auto);
        Assert.Equal("ipsec.conf", conn.File);
        Assert.Equal(2, conn.Line);
    }

    [Fact]
    public void GetIpsecConnection_WhereObjectAuto_FiltersOnTheEnum()
    {
        using var shell = PowerShellFixture.NewShell();

        var started = shell.Run($"Get-IpsecConnection -RootDirectory '{Conf("site-includes")}' | Where-Object Auto -eq Start");

        Assert.Equal("branch1", ((IpsecConnection)Assert.Single(started).BaseObject).Name);
    }

    [Fact]
    public void GetIpsecConnection_NameWildcard_SelectsConns()
    {
        using var shell = PowerShellFixture.NewShell();

        Assert.Equal(2, shell.Run($"Get-IpsecConnection branch* -RootDirectory '{Conf("site-includes")}'").Count);
        Assert.Single(shell.Run($"Get-IpsecConnection -Name BRANCH2 -RootDirectory '{Conf("site-includes")}'"));
    }

    [Fact]
    public void GetIpsecConnection_UnknownName_IsObjectNotFound()
    {
        using var shell = PowerShellFixture.NewShell();

        var error = (ErrorRecord)Assert.Single(shell.Run($"Get-IpsecConnection nosuch -RootDirectory '{Conf("site-includes")}' 2>&1")).BaseObject;

        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("IpsecConnectionNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void GetIpsecConnection_BrokenFile_WritesErrorsAndWarningsWithLocations()
    {
        using var shell = PowerShellFixture.NewShell();

        var records = shell.Run($"Get-IpsecConnection -RootDirectory '{Conf("broken")}' 2>&1 3>&1").Select(o => o.BaseObject).ToList();

        var errors = records.OfType<ErrorRecord>().ToList();
        Assert.Equal(6, errors.Count);
        Assert.All(errors, e => Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category));
        Assert.Contains(errors, e => e.Exception.Message == "ipsec.conf:14:7: also=west-eest names no conn section; did you mean 'also=west-east'?");
        Assert.StartsWith("ipsec.conf:2:2: warning: 'plutodebug' is not supported by SwanShell", Assert.Single(records.OfType<WarningRecord>()).Message, StringComparison.Ordinal);
        Assert.Equal(7, records.Count);
    }

    [Fact]
    public void GetIpsecConnection_OutDefault_RendersTheTableView()
    {
        using var shell = PowerShellFixture.NewShell();

        var text = shell.Render($"Get-IpsecConnection -RootDirectory '{Conf("road-warrior-server")}' 3>$null");

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["Name", "Auto", "Type", "Left", "Right"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("ikev2-cp Add  Tunnel 0.0.0.0/0===%defaultroute[@vpn.example.com] %any[%fromcert]", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void GetIpsecConnection_DefaultDisplay_LeavesOutTheEngineDefinition()
    {
        using var shell = PowerShellFixture.NewShell();

        var names = shell.Run($"(Get-IpsecConnection -RootDirectory '{Conf("ondemand")}').PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames")
            .Select(o => (string)o.BaseObject).ToList();

        Assert.Contains("Ike", names);
        Assert.DoesNotContain("Definition", names);
    }

    [Fact]
    public void GetIpsecConnection_LocalAddress_OrientsTheConn()
    {
        using var shell = PowerShellFixture.NewShell();

        var right = (IpsecConnection)Assert.Single(shell.Run($"Get-IpsecConnection -RootDirectory '{Conf("host-to-host-psk")}' -LocalAddress 192.1.2.23")).BaseObject;
        var neither = (IpsecConnection)Assert.Single(shell.Run($"Get-IpsecConnection -RootDirectory '{Conf("host-to-host-psk")}' -LocalAddress 10.9.9.9")).BaseObject;

        Assert.Equal(ConnectionSide.Right, right.LocalSide);
        Assert.Same(right.Right, right.Local);
        Assert.Equal("@west", right.Remote!.Id);
        Assert.Null(neither.LocalSide);
        Assert.Null(neither.Local);
    }
}
