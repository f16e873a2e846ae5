using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>
/// ipsec auto --replace as Add-IpsecConnection -Replace between two real daemons: a replacement that cannot be used
/// leaves the daemon and the kernel as they were, with the old connection's SAs and trap in place.
/// </summary>
public sealed class ReplaceIpsecConnectionTests : IDisposable
{
    private readonly TwoDaemons _daemons = new();
    private readonly HostedShell _shell = PowerShellFixture.NewShell();

    public void Dispose()
    {
        _shell.Dispose();
        _daemons.Dispose();
    }

    private string At => $"-RunDirectory '{_daemons.West.Path}'";

    private IpsecConnectionStatus Status() => (IpsecConnectionStatus)_shell.Run($"Get-IpsecStatus tunnel {At}").Single().BaseObject;

    private async Task<IpsecKernelState> KernelStateAsync()
    {
        await using var client = await ControlClient.ConnectAsync(_daemons.West.RunDirectory.SocketPath, CancellationToken.None);
        var state = await client.RequestAsync("kernelstate", null, null, CancellationToken.None);
        return state!.Value.Deserialize(ControlJsonContext.Default.IpsecKernelState)!;
    }

    /// <summary>The west daemon's own ipsec.conf with changes ("from=>to", one per line of the conn), written beside it.</summary>
    private string Replacement(params string[] changes) =>
        _daemons.West.WriteConfig("replacement.conf", changes.Select(c => c.Split("=>")).Aggregate(
            File.ReadAllText(_daemons.West.ConfigPath),
            (text, change) => text.Replace(change[0], change[1], StringComparison.Ordinal)));

    [Theory]
    [InlineData("leftid=@west=>leftid=@stranger", "SecretNotFound", "No PSK for @stranger and @east in ipsec.secrets")]
    [InlineData("authby=secret=>authby=rsasig", "ConfigInvalid", "signs with a certificate, but this end has no leftcert=")]
    [InlineData("right=127.0.0.2=>right=%any|auto=add=>auto=ondemand", "InvalidOperation", "'tunnel' cannot be routed: its remote end is %any")]
    [InlineData("authby=secret=>authby=rsasig\n    leftcert=nosuch", "CertificateNotFound", "leftcert=nosuch")]
    [InlineData("authby=secret=>authby=secret\n    esp=bogus", "ConfigInvalid", "'bogus'")]
    public async Task Replace_WithADefinitionThatCannotBeUsed_Fails_AndLeavesTheOldConnectionItsSasAndItsTrap(string changes, string errorId, string why)
    {
        _shell.Run($"Add-IpsecRoute tunnel {At}; Start-IpsecConnection tunnel {At}");
        Assert.Empty(_shell.Streams.Error);
        var before = Status();
        var kernelBefore = await KernelStateAsync();
        var config = Replacement(changes.Split('|'));

        _shell.Run($"Add-IpsecConnection tunnel -Replace -Config '{config}' {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.StartsWith($"{errorId},", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(why, error.Exception.Message, StringComparison.Ordinal);
        var after = Status();
        Assert.Equal((ConnectionState.Established, true, before.Reqid), (after.State, after.Routed, after.Reqid));
        Assert.Equal(before.IkeSas.Select(sa => (sa.Serial, sa.InitiatorSpi, sa.ResponderSpi)), after.IkeSas.Select(sa => (sa.Serial, sa.InitiatorSpi, sa.ResponderSpi)));
        Assert.Equal(before.ChildSas.Select(c => (c.InboundSpi, c.OutboundSpi)), after.ChildSas.Select(c => (c.InboundSpi, c.OutboundSpi)));
        var kernelAfter = await KernelStateAsync();
        Assert.Equal(kernelBefore.Sas, kernelAfter.Sas);
        Assert.Equal(kernelBefore.Policies, kernelAfter.Policies);
        Assert.NotEmpty(kernelAfter.Policies);
    }

    [Fact]
    public void Replace_WithAnUnroutableDefinition_SaysTheOldConnectionStays()
    {
        _shell.Run($"Add-IpsecRoute tunnel {At}");

        _shell.Run($"Add-IpsecConnection tunnel -Replace -Config '{Replacement("right=127.0.0.2=>right=%any", "auto=add=>auto=ondemand")}' {At}");

        Assert.Equal(
            "'tunnel' was not replaced; the connection added before stays as it was, with its SAs and routes. 'tunnel' cannot be routed: its remote end is %any, so there is no peer to negotiate with.",
            Assert.Single(_shell.Streams.Error).Exception.Message);
        Assert.Equal(ConnectionState.Routed, Status().State);
    }

    [Fact]
    public void Replace_RereadsTheSecrets_AsIpsecAutoReplaceDoes()
    {
        // A PSK east does not share: once west has reread its secrets, the tunnel cannot authenticate.
        File.WriteAllText(_daemons.West.SecretsPath, "@west @east : PSK \"not the one east has\"\n");

        _shell.Run($"Add-IpsecConnection tunnel -Replace -Config '{_daemons.West.ConfigPath}' {At}");
        Assert.Empty(_shell.Streams.Error);
        _shell.Run($"Start-IpsecConnection tunnel {At}");

        Assert.Contains("AUTHENTICATION_FAILED", Assert.Single(_shell.Streams.Error).Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_WhatIf_ListsTheSecretsReread_AndChangesNothing()
    {
        var before = Status();

        _shell.Run($"Add-IpsecConnection tunnel -Replace -WhatIf -Config '{_daemons.West.ConfigPath}' {At}");

        Assert.Contains($"reread {_daemons.West.SecretsPath}", _shell.Text, StringComparison.Ordinal);
        Assert.Equal(before.Reqid, Status().Reqid);
    }
}
