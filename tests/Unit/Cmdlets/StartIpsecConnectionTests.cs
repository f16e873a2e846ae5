using System.Management.Automation;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>ipsec auto --up/--down between two real daemons on loopback (Memory kernel back end).</summary>
public sealed class StartIpsecConnectionTests
{
    [Fact]
    public void Start_BringsTheTunnelUp_AndBothSidesAgreeOnSpisAndAlgorithms()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();

        var west = (IpsecConnectionStatus)shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'").Single().BaseObject;
        var east = Status(shell, daemons.East);

        Assert.Empty(shell.Streams.Error);
        Assert.Equal(ConnectionState.Established, west.State);
        Assert.Equal(ConnectionState.Established, east.State);
        var (westChild, eastChild) = (Assert.Single(west.ChildSas), Assert.Single(east.ChildSas));
        Assert.Equal(westChild.InboundSpi, eastChild.OutboundSpi);
        Assert.Equal(westChild.OutboundSpi, eastChild.InboundSpi);
        Assert.Equal("ENCR_AES_GCM_16_256", westChild.Encryption);
        Assert.Equal(["Initiator", "Responder"], [Assert.Single(west.IkeSas).Role, Assert.Single(east.IkeSas).Role]);
        Assert.Equal(west.IkeSas[0].InitiatorSpi, east.IkeSas[0].InitiatorSpi);
        Assert.Equal("@east", west.IkeSas[0].RemoteId);
    }

    [Fact]
    public void Start_Verbose_StreamsTheNegotiation()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();

        shell.Run($"Start-IpsecConnection tunnel -Verbose -RunDirectory '{daemons.West.Path}'");

        Assert.Contains(shell.Streams.Verbose, v => v.Message.Contains("\"tunnel\" #1: IKE SA Established", StringComparison.Ordinal));
        Assert.Contains(shell.Streams.Verbose, v => v.Message.Contains("kernel: add IPsec policy out 10.1.0.0/16 -> 10.2.0.0/16", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_WritesProgress_ExchangeByExchange_ThenCompletes()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();

        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        var progress = shell.Streams.Progress.ToList();
        Assert.All(progress, p => Assert.Equal("tunnel", p.Activity));
        Assert.Equal(["IKE_SA_INIT", "IKE_AUTH", "Child SA", "Child SA"], progress.Select(p => p.StatusDescription.Split(':')[0]));
        Assert.Equal([0, 33, 67, 100], progress.Select(p => p.PercentComplete));
        Assert.Equal([ProgressRecordType.Processing, ProgressRecordType.Processing, ProgressRecordType.Processing, ProgressRecordType.Completed], progress.Select(p => p.RecordType));
        Assert.Equal("Child SA: established", progress[^1].StatusDescription);
    }

    [Fact]
    public void Start_ThatFails_CompletesItsProgress_SayingSo()
    {
        using var daemons = new TwoDaemons(westExtra: "    ike=aes256-sha2_256;modp2048", eastExtra: "    ike=aes_gcm128-sha2_512;dh19");
        using var shell = PowerShellFixture.NewShell();

        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        Assert.Single(shell.Streams.Error);
        var last = shell.Streams.Progress[^1];
        Assert.Equal(ProgressRecordType.Completed, last.RecordType);
        Assert.Equal("IKE_SA_INIT: failed", last.StatusDescription);
        Assert.Equal("IKE_SA_INIT: proposing aes_cbc_256-sha2_256-sha2_256_128;modp2048 to 127.0.0.2", shell.Streams.Progress[0].StatusDescription);
    }

    [Fact]
    public void Start_WhatIf_SaysWhatItWouldNegotiate_AndDoesNothing()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();

        Assert.Empty(shell.Run($"Start-IpsecConnection tunnel -WhatIf -RunDirectory '{daemons.West.Path}'"));

        Assert.Contains("What if: Bring up connection 'tunnel':", shell.Text, StringComparison.Ordinal);
        Assert.Contains("send IKE_SA_INIT from 127.0.0.1 to 127.0.0.2:", shell.Text, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Added, Status(shell, daemons.West).State);
        Assert.Equal(ConnectionState.Added, Status(shell, daemons.East).State);
    }

    [Fact]
    public void Start_WithNoMatchingProposal_FailsWithNoProposalChosen()
    {
        using var daemons = new TwoDaemons(westExtra: "    ike=aes256-sha2_256;modp2048", eastExtra: "    ike=aes_gcm128-sha2_512;dh19");
        using var shell = PowerShellFixture.NewShell();

        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        var error = Assert.Single(shell.Streams.Error);
        Assert.Equal("NegotiationFailed,SwanShell.Commands.StartIpsecConnectionCommand", error.FullyQualifiedErrorId);
        Assert.Contains("NO_PROPOSAL_CHOSEN", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(ConnectionState.Added, Status(shell, daemons.West).State);
    }

    [Fact]
    public void Start_WithoutAPskForTheIds_NamesWhatToAdd()
    {
        using var daemons = new TwoDaemons(westSecrets: "@west @north : PSK \"not this one\"\n");
        using var shell = PowerShellFixture.NewShell();

        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        var error = Assert.Single(shell.Streams.Error);
        Assert.Equal("SecretNotFound,SwanShell.Commands.StartIpsecConnectionCommand", error.FullyQualifiedErrorId);
        Assert.Contains("No PSK for @west and @east in ipsec.secrets", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stop_TakesTheTunnelDownOnBothSides_AndKeepsTheConnection()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();
        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        shell.Run($"Stop-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        Assert.Empty(shell.Streams.Error);
        Assert.Equal(ConnectionState.Added, Status(shell, daemons.West).State);
        Assert.True(SpinWait.SpinUntil(() => Status(shell, daemons.East).State == ConnectionState.Added, TimeSpan.FromSeconds(10)), "east kept its SAs after the Delete");
    }

    [Fact]
    public void Start_NoWait_ReturnsAtOnce_AndTheTunnelComesUp()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();

        var started = (IpsecConnectionStatus)shell.Run($"Start-IpsecConnection tunnel -NoWait -RunDirectory '{daemons.West.Path}'").Single().BaseObject;

        Assert.NotEqual(ConnectionState.Added, started.State);
        Assert.True(SpinWait.SpinUntil(() => Status(shell, daemons.West).State == ConnectionState.Established, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void RoutedConnection_AfterDown_GetsItsTrapBack()
    {
        using var daemons = new TwoDaemons();
        using var shell = PowerShellFixture.NewShell();
        shell.Run($"Add-IpsecRoute tunnel -RunDirectory '{daemons.West.Path}'");
        shell.Run($"Start-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        shell.Run($"Stop-IpsecConnection tunnel -RunDirectory '{daemons.West.Path}'");

        Assert.Equal(ConnectionState.Routed, Status(shell, daemons.West).State);
        Assert.Contains("replace the trap policy out 10.1.0.0/16 -> 10.2.0.0/16", daemons.West.Log, StringComparison.Ordinal);
    }

    private static IpsecConnectionStatus Status(HostedShell shell, DaemonFixture daemon) =>
        (IpsecConnectionStatus)shell.Run($"Get-IpsecStatus tunnel -RunDirectory '{daemon.Path}'").Single().BaseObject;
}
