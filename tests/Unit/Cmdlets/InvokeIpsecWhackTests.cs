using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;
using SwanShell.UnitTests.Certificates;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>ipsec whack's requests as Invoke-IpsecWhack, between two real daemons on loopback (Memory kernel back end).</summary>
public sealed class InvokeIpsecWhackTests : IDisposable
{
    private readonly TwoDaemons _daemons = new();
    private readonly HostedShell _shell = PowerShellFixture.NewShell();

    public void Dispose()
    {
        _shell.Dispose();
        _daemons.Dispose();
    }

    private string West => $"-RunDirectory '{_daemons.West.Path}'";

    private IpsecConnectionStatus Up()
    {
        var status = (IpsecConnectionStatus)_shell.Run($"Start-IpsecConnection tunnel {West}").Single().BaseObject;
        Assert.Empty(_shell.Streams.Error);
        return status;
    }

    private IpsecConnectionStatus Status(DaemonFixture daemon) =>
        (IpsecConnectionStatus)_shell.Run($"Get-IpsecStatus tunnel -RunDirectory '{daemon.Path}'").Single().BaseObject;

    /// <summary>Polls until the condition holds: a deletion that follows a rekey finishes a round trip later.</summary>
    private IpsecConnectionStatus StatusWhen(DaemonFixture daemon, Func<IpsecConnectionStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var status = Status(daemon);
            if (condition(status) || DateTime.UtcNow > deadline)
            {
                return status;
            }

            Thread.Sleep(50);
        }
    }

    private static IpsecKernelState KernelState(DaemonFixture daemon) => daemon.KernelState();

    /// <summary>Makes the PKI's store with one certificate and its key, named west-gw, through the cmdlets.</summary>
    private void StoreWithWestGateway(TestPki pki)
    {
        using var west = pki.CreateEndEntity("west");
        var p12 = pki.WritePkcs12("west.p12", west, "pw");
        _shell.Run($"Initialize-IpsecCertificateStore -StorePath '{pki.StorePath}'; $pw = [System.Security.SecureString]::new(); 'pw'.ToCharArray() | ForEach-Object {{ $pw.AppendChar($_) }}; Import-IpsecCertificate -Path '{p12}' -Password $pw -Name west-gw -StorePath '{pki.StorePath}'");
    }

    [Fact]
    public void TrafficStatus_GivesOneObjectPerChildSa_WithItsSerialPeerAndCounters()
    {
        var child = Assert.Single(Up().ChildSas);

        var traffic = (IpsecTrafficStatus)_shell.Run($"Invoke-IpsecWhack -TrafficStatus {West}").Single().BaseObject;

        Assert.Equal((child.Serial, "tunnel", "ESP", "@east"), (traffic.Serial, traffic.Connection, traffic.Type, traffic.RemoteId));
        Assert.Equal((child.InboundSpi, child.OutboundSpi), (traffic.InboundSpi, traffic.OutboundSpi));
        Assert.NotNull(traffic.AddedAt);
        Assert.Contains("BytesIn", _shell.Render($"Invoke-IpsecWhack -TrafficStatus {West}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Status_IsEveryConnection_AndTrafficStatusOfADownConnectionIsEmpty()
    {
        var status = (IpsecConnectionStatus)_shell.Run($"Invoke-IpsecWhack {West}").Single().BaseObject;

        Assert.Equal(("tunnel", ConnectionState.Added), (status.Name, status.State));
        Assert.Empty(_shell.Run($"Invoke-IpsecWhack -TrafficStatus {West}"));
        Assert.Empty(_shell.Streams.Error);
    }

    [Fact]
    public void RekeyIke_ReplacesTheIkeSaOnBothSides_AndTheChildSaStays()
    {
        var before = Up();
        var ike = Assert.Single(before.IkeSas);

        var change = (ConnectionChange)_shell.Run($"Invoke-IpsecWhack -RekeyIke -Name tunnel {West}").Single().BaseObject;
        var west = StatusWhen(_daemons.West, s => s.IkeSas.Count == 1);
        var east = StatusWhen(_daemons.East, s => s.IkeSas.Count == 1);

        Assert.Empty(_shell.Streams.Error);
        Assert.True(change.Performed);
        Assert.Contains($"rekey IKE SA #{ike.Serial}", Assert.Single(change.Operations), StringComparison.Ordinal);
        var newIke = Assert.Single(west.IkeSas);
        Assert.NotEqual(ike.Serial, newIke.Serial);
        Assert.NotEqual(ike.InitiatorSpi, newIke.InitiatorSpi);
        Assert.Equal(newIke.InitiatorSpi, Assert.Single(east.IkeSas).InitiatorSpi);
        Assert.Equal(before.ChildSas[0].InboundSpi, Assert.Single(west.ChildSas).InboundSpi);
        Assert.Equal(ConnectionState.Established, west.State);
        Assert.Equal(2, KernelState(_daemons.West).Sas.Count);
    }

    [Fact]
    public void RekeyChild_PutsNewSpisIntoTheKernel_AndRemovesOnlyTheOldSas()
    {
        var before = Assert.Single(Up().ChildSas);
        var policies = KernelState(_daemons.West).Policies.Count;

        _shell.Run($"Invoke-IpsecWhack -RekeyChild -Name tunnel {West}");
        var west = StatusWhen(_daemons.West, s => s.ChildSas.Count == 1 && s.ChildSas[0].InboundSpi != before.InboundSpi);
        var east = StatusWhen(_daemons.East, s => s.ChildSas.Count == 1 && s.ChildSas[0].OutboundSpi != before.OutboundSpi);

        Assert.Empty(_shell.Streams.Error);
        var after = Assert.Single(west.ChildSas);
        Assert.NotEqual(before.Serial, after.Serial);
        Assert.Equal(after.InboundSpi, Assert.Single(east.ChildSas).OutboundSpi);
        var kernel = StateWhen(_daemons.West, k => k.Sas.Count == 2);
        Assert.Equal(new[] { after.InboundSpi, after.OutboundSpi }.Order(), kernel.Sas.Select(sa => sa.Spi).Order());
        Assert.Equal(policies, kernel.Policies.Count);
    }

    private static IpsecKernelState StateWhen(DaemonFixture daemon, Func<IpsecKernelState, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var state = KernelState(daemon);
        while (!condition(state) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
            state = KernelState(daemon);
        }

        return state;
    }

    [Fact]
    public void DebugClass_Base_LogsEachIkeMessageHeader_AndNoneStopsIt()
    {
        var on = (DebugResult)_shell.Run($"Invoke-IpsecWhack -DebugClass base {West}").Single().BaseObject;
        Up();
        var logged = _daemons.West.Log;
        var off = (DebugResult)_shell.Run($"Invoke-IpsecWhack -DebugClass none {West}").Single().BaseObject;
        _shell.Run($"Stop-IpsecConnection tunnel {West}");

        Assert.Empty(_shell.Streams.Error);
        Assert.Equal(("none", "base", true), (on.Previous, on.Current, on.Performed));
        Assert.Equal(("base", "none"), (off.Previous, off.Current));
        Assert.Matches(@"debug: sent IKE_SA_INIT request #0 \(\d+ bytes\) to 127\.0\.0\.2:\d+", logged);
        Assert.Matches(@"debug: received IKE_AUTH response #1 \(\d+ bytes\) from 127\.0\.0\.2:\d+", logged);
        Assert.DoesNotContain("debug: sent INFORMATIONAL", _daemons.West.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(TwoDaemons.Psk, _daemons.West.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void DebugClass_WhatIf_ChangesNothing_AndAnUnknownClassIsRefused()
    {
        _shell.Run($"Invoke-IpsecWhack -DebugClass all -WhatIf {West}");
        Up();

        Assert.Contains("set the daemon's debug logging from none to base", _shell.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("debug: ", _daemons.West.Log, StringComparison.Ordinal);
        _shell.Run($"Invoke-IpsecWhack -DebugClass private {West}");
        Assert.Equal("ParameterArgumentValidationError,SwanShell.Commands.InvokeIpsecWhackCommand", Assert.Single(_shell.Streams.Error).FullyQualifiedErrorId);
    }

    [Fact]
    public void DebugRequest_OfAnUnknownClass_IsRefusedByTheDaemon_NamingTheKnownOnes()
    {
        var refused = Assert.Throws<ControlException>(() => Task.Run(async () =>
        {
            await using var client = await ControlClient.ConnectAsync(_daemons.West.RunDirectory.SocketPath, CancellationToken.None);
            await client.RequestAsync("debug", JsonSerializer.SerializeToElement(new DebugArguments("crypt"), ControlJsonContext.Default.DebugArguments), null, CancellationToken.None);
        }).GetAwaiter().GetResult());

        Assert.Equal(ControlErrorCodes.BadRequest, refused.Code);
        Assert.Equal("Unknown debug class 'crypt': SwanShell's daemon knows none, base, all, tmi (all and tmi log what base does).", refused.Message);
    }

    [Fact]
    public void RekeyChild_OfAConnectionThatIsDown_IsAnErrorSayingSo()
    {
        _shell.Run($"Invoke-IpsecWhack -RekeyChild -Name tunnel {West}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("InvalidOperation,SwanShell.Commands.InvokeIpsecWhackCommand", error.FullyQualifiedErrorId);
        Assert.Contains("no established Child SA", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeleteState_OfTheChildSa_LeavesTheIkeSa_AndEmptiesTheKernel()
    {
        var child = Assert.Single(Up().ChildSas);

        var change = (ConnectionChange)_shell.Run($"Invoke-IpsecWhack -DeleteState {child.Serial} {West}").Single().BaseObject;

        Assert.Equal(("tunnel", "DeletedState", true), (change.Name, change.Action, change.Performed));
        var west = Status(_daemons.West);
        Assert.Equal(ConnectionState.IkeEstablished, west.State);
        Assert.Empty(KernelState(_daemons.West).Sas);
        Assert.Empty(StatusWhen(_daemons.East, s => s.ChildSas.Count == 0).ChildSas);
    }

    [Fact]
    public void DeleteState_OfTheIkeSa_TakesTheConnectionDown()
    {
        var ike = Assert.Single(Up().IkeSas);

        _shell.Run($"Invoke-IpsecWhack -DeleteState {ike.Serial} {West}");

        Assert.Equal(ConnectionState.Added, Status(_daemons.West).State);
        Assert.Equal(ConnectionState.Added, StatusWhen(_daemons.East, s => s.State == ConnectionState.Added).State);
    }

    [Fact]
    public void DeleteState_WhatIf_ListsTheStepsAndDeletesNothing()
    {
        var child = Assert.Single(Up().ChildSas);

        Assert.Empty(_shell.Run($"Invoke-IpsecWhack -DeleteState {child.Serial} -WhatIf {West}"));

        Assert.Contains($"What if: Delete state #{child.Serial}:", _shell.Text, StringComparison.Ordinal);
        Assert.Contains($"delete SA ESP SPI 0x{child.InboundSpi}", _shell.Text, StringComparison.Ordinal);
        Assert.Single(Status(_daemons.West).ChildSas);
    }

    [Fact]
    public void DeleteState_OfAnUnknownSerial_IsObjectNotFound()
    {
        _shell.Run($"Invoke-IpsecWhack -DeleteState 4242 {West}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("StateNotFound,SwanShell.Commands.InvokeIpsecWhackCommand", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void GlobalStatus_CountsConnectionsAndSas_NowAndSinceTheStart()
    {
        Up();

        var global = (IpsecGlobalStatus)_shell.Run($"Invoke-IpsecWhack -GlobalStatus {West}").Single().BaseObject;

        Assert.Equal(_daemons.West.ProcessId, global.ProcessId);
        Assert.Equal((1, 0, 1, 0, 1, 1), (global.Connections, global.RoutedConnections, global.IkeSas, global.HalfOpenIkeSas, global.EstablishedIkeSas, global.ChildSas));
        Assert.Equal((1L, 0L, 1L), (global.IkeSasEstablishedTotal, global.IkeSasFailedTotal, global.ChildSasEstablishedTotal));
        Assert.Equal("Memory", global.KernelBackend);
        Assert.Contains("EstablishedIkeSas", _shell.Render($"Invoke-IpsecWhack -GlobalStatus {West}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Listen_RereadsTheSecrets_AndNamesTheEndpoints()
    {
        var result = (ListenResult)_shell.Run($"Invoke-IpsecWhack -Listen {West}").Single().BaseObject;

        Assert.True(result.Performed);
        Assert.Equal(1, result.Secrets?.Count);
        Assert.Contains(result.Endpoints, e => e.StartsWith("127.0.0.1:", StringComparison.Ordinal));
        Assert.Contains(_daemons.West.SecretsPath, Assert.Single(result.Operations), StringComparison.Ordinal);
    }

    [Fact]
    public void Listen_WhatIf_SaysWhatItWouldDo()
    {
        File.Delete(_daemons.West.SecretsPath);

        Assert.Empty(_shell.Run($"Invoke-IpsecWhack -Listen -WhatIf {West}"));

        Assert.Empty(_shell.Streams.Error);
        Assert.Contains($"reread {_daemons.West.SecretsPath}", _shell.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Shutdown_StopsTheDaemon_AndWaitsForItsExit()
    {
        _shell.Run($"Invoke-IpsecWhack -Shutdown -Confirm:$false {West}");

        Assert.Empty(_shell.Streams.Error);
        Assert.False(DaemonStatus.Inspect(_daemons.West.RunDirectory).Running);
        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(_daemons.West.ProcessId));
    }

    [Fact]
    public void Shutdown_WhatIf_LeavesTheDaemonRunning()
    {
        _shell.Run($"Invoke-IpsecWhack -Shutdown -WhatIf {West}");

        Assert.Contains($"pid {_daemons.West.ProcessId}", _shell.Text, StringComparison.Ordinal);
        Assert.True(DaemonStatus.Inspect(_daemons.West.RunDirectory).Running);
    }

    [Fact]
    public void ListPubKeys_GivesTheStoresPublicKeys_WithKeyIds_AndNoPrivateKey()
    {
        using var pki = new TestPki();
        StoreWithWestGateway(pki);

        var keys = _shell.Run($"Invoke-IpsecWhack -ListPubKeys -StorePath '{pki.StorePath}'").Select(o => (IpsecPublicKey)o.BaseObject).ToList();
        var certificates = _shell.Run($"Invoke-IpsecWhack -ListCerts -StorePath '{pki.StorePath}'").Select(o => (IpsecCertificate)o.BaseObject).ToList();

        Assert.Empty(_shell.Streams.Error);
        var key = Assert.Single(keys, k => k.Name == "west-gw");
        Assert.True(key.HasPrivateKey);
        Assert.Equal(40, key.KeyId.Length);
        Assert.True(key.KeySize > 0);
        Assert.Equal(keys.Select(k => k.Name).Order(), certificates.Select(c => c.Name).Order());
        var rendered = _shell.Render($"Invoke-IpsecWhack -ListPubKeys -StorePath '{pki.StorePath}'");
        Assert.Contains(key.KeyId, rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void ListCerts_WithoutStorePath_ListsTheStoreOfTheDaemonsNssdir_AndNeedsTheDaemon()
    {
        using var pki = new TestPki();
        StoreWithWestGateway(pki);
        using var daemon = new DaemonFixture(setupText: $"    nssdir={pki.StorePath}\n");

        var listed = _shell.Run($"Invoke-IpsecWhack -ListCerts -RunDirectory '{daemon.Path}'").Select(o => (IpsecCertificate)o.BaseObject).ToList();
        Assert.Empty(_shell.Streams.Error);
        Assert.Contains(listed, c => c.Name == "west-gw");

        _shell.Run($"Invoke-IpsecWhack -Shutdown -Confirm:$false -RunDirectory '{daemon.Path}'");
        Assert.Empty(_shell.Run($"Invoke-IpsecWhack -ListCerts -RunDirectory '{daemon.Path}'"));
        Assert.Equal("DaemonNotRunning,SwanShell.Commands.InvokeIpsecWhackCommand", Assert.Single(_shell.Streams.Error).FullyQualifiedErrorId);
    }
}
