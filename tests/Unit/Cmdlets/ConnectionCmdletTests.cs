using System.Management.Automation;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>ipsec auto --add/--delete/--replace/--route/--unroute/--status as cmdlets, against a real daemon (Memory kernel).</summary>
public sealed class ConnectionCmdletTests : IDisposable
{
    private const string Conns = """
        conn %default
            authby=secret

        conn west-east
            left=127.0.0.1
            leftsubnet=10.1.0.0/16
            right=127.0.0.2
            rightsubnet=10.2.0.0/16
            auto=add

        conn ondemand
            left=127.0.0.1
            right=127.0.0.3
            auto=ondemand

        conn ignored
            left=127.0.0.1
            right=127.0.0.4

        conn roadwarrior
            left=127.0.0.1
            right=%any
            auto=add

        conn blocked
            left=127.0.0.1
            right=127.0.0.9
            type=drop
            auto=add

        """;

    // A PSK for every peer: -Replace checks that a replacement can authenticate.
    private readonly DaemonFixture _daemon = new(Conns, secretsText: ": PSK \"one for all\"\n");
    private readonly HostedShell _shell;

    public ConnectionCmdletTests() => _shell = PowerShellFixture.NewShell("n");

    public void Dispose()
    {
        _shell.Dispose();
        _daemon.Dispose();
    }

    private string At => $"-RunDirectory '{_daemon.Path}'";

    private List<IpsecConnectionStatus> Status(string name = "*", string? at = null) =>
        [.. _shell.Run($"Get-IpsecStatus -Name '{name}' {at ?? At}").Select(o => (IpsecConnectionStatus)o.BaseObject)];

    [Fact]
    public void DaemonStart_AddsTheConnsNotIgnored_AndRoutesOnDemandAndShunts()
    {
        var status = Status();

        Assert.Equal(["blocked", "ondemand", "roadwarrior", "west-east"], status.Select(s => s.Name));
        Assert.Equal(["blocked", "ondemand"], status.Where(s => s.Routed).Select(s => s.Name));
        Assert.Equal(ConnectionState.Added, status.Single(s => s.Name == "west-east").State);
    }

    [Fact]
    public void Status_IsTyped_ForWhereObjectAndSortObject()
    {
        _shell.Run($"Add-IpsecRoute west-east {At}");

        var routed = _shell.Run($"Get-IpsecStatus {At} | Where-Object State -eq Routed | ForEach-Object Name");

        Assert.Equal(["blocked", "ondemand", "west-east"], routed.Select(o => (string)o.BaseObject));
        var west = Status("west-east").Single();
        Assert.Equal(System.Net.IPAddress.Parse("127.0.0.2"), west.RemoteAddress);
        Assert.Equal(["10.1.0.0/16"], west.LocalSubnets);
        Assert.Equal(["10.2.0.0/16"], west.RemoteSubnets);
    }

    [Fact]
    public void Status_NameWildcards_Filter()
    {
        Assert.Equal(["west-east"], Status("WEST-*").Select(s => s.Name));
    }

    [Fact]
    public void Status_RendersAReadableTable()
    {
        var text = _shell.Render($"Get-IpsecStatus west-east {At}");

        Assert.Matches(@"Name\s+State\s+Local\s+Remote\s+Subnets", text);
        Assert.Matches(@"west-east\s+Added\s+127\.0\.0\.1\[127\.0\.0\.1\]\s+127\.0\.0\.2\[127\.0\.0\.2\]\s+10\.1\.0\.0/16===10\.2\.0\.0/16", text);
    }

    [Fact]
    public void Add_FromAnotherConfig_ReturnsTheAddedConnection()
    {
        var config = _daemon.WriteConfig("more.conf", "conn extra\n    left=127.0.0.1\n    right=127.0.0.5\n");

        var added = _shell.Run($"Add-IpsecConnection extra -Config '{config}' {At}");

        Assert.Equal("extra", ((IpsecConnectionStatus)Assert.Single(added).BaseObject).Name);
        Assert.Contains("extra", Status().Select(s => s.Name));
    }

    [Fact]
    public void AddAll_OfManyConns_WritesProgress_OncePerPercent_ThenCompletes()
    {
        var conns = string.Concat(Enumerable.Range(1, 250).Select(i => $"conn many{i}\n    left=127.0.0.1\n    right=10.9.{i / 250}.{i % 250 + 1}\n    auto=add\n"));
        var config = _daemon.WriteConfig("many.conf", conns);

        Assert.Equal(250, _shell.Run($"Add-IpsecConnection -All -Config '{config}' {At}").Count);

        var progress = _shell.Streams.Progress.Where(p => p.Activity == "Adding connections").ToList();
        Assert.Equal(101, progress.Count);
        Assert.Equal("added 'many3' (3 of 250)", progress[0].StatusDescription);
        Assert.Equal([.. Enumerable.Range(1, 100), 100], progress.Select(p => p.PercentComplete));
        Assert.All(progress[..^1], p => Assert.Equal(ProgressRecordType.Processing, p.RecordType));
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
        Assert.Equal("added 250 connection(s)", progress[^1].StatusDescription);
    }

    [Fact]
    public void Add_OfOneConn_WritesNoProgress()
    {
        var config = _daemon.WriteConfig("more.conf", "conn extra\n    left=127.0.0.1\n    right=127.0.0.5\n");

        _shell.Run($"Add-IpsecConnection extra -Config '{config}' {At}");

        Assert.Empty(_shell.Streams.Progress);
    }

    [Fact]
    public void Add_OfAnAddedName_IsRefusedWithoutReplace_AndChangesNothing()
    {
        var before = Status("west-east").Single();

        _shell.Run($"Add-IpsecConnection west-east -Config '{_daemon.ConfigPath}' {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("ConnectionExists,SwanShell.Commands.AddIpsecConnectionCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
        Assert.Equal("A connection named 'west-east' is already added; use -Replace (ipsec auto --replace) to replace it.", error.Exception.Message);
        var after = Status("west-east").Single();
        Assert.Equal((before.Reqid, before.State, before.Routed), (after.Reqid, after.State, after.Routed));
    }

    [Fact]
    public void Add_WithReplace_ReplacesTheConnectionAndItsKernelState()
    {
        var before = Status("ondemand").Single();

        var replaced = (IpsecConnectionStatus)_shell.Run($"Add-IpsecConnection ondemand -Replace -Config '{_daemon.ConfigPath}' {At}").Single().BaseObject;

        Assert.Empty(_shell.Streams.Error);
        Assert.NotEqual(before.Reqid, replaced.Reqid);
        Assert.True(replaced.Routed);
    }

    [Fact]
    public void Add_OfANameNotInTheFile_SuggestsTheClosest()
    {
        _shell.Run($"Add-IpsecConnection west-eats -Config '{_daemon.ConfigPath}' {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("ConnectionNotFound,SwanShell.Commands.AddIpsecConnectionCommand", error.FullyQualifiedErrorId);
        Assert.Equal($"There is no conn 'west-eats' in {_daemon.ConfigPath}; did you mean 'west-east'?", error.Exception.Message);
    }

    [Fact]
    public void Add_FromABrokenFile_NamesFileAndLine()
    {
        var config = _daemon.WriteConfig("broken.conf", "conn broken\n    left=127.0.0.1\n    rigth=127.0.0.5\n");

        _shell.Run($"Add-IpsecConnection broken -Config '{config}' {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("ConfigInvalid,SwanShell.Commands.AddIpsecConnectionCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
        Assert.StartsWith($"{config} has 1 error(s):", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("broken.conf:3:5: unknown keyword 'rigth'; did you mean 'right'?", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("broken", Status().Select(s => s.Name));
    }

    [Fact]
    public void Add_WhatIf_ListsTheOperationsAndAddsNothing()
    {
        var config = _daemon.WriteConfig("more.conf", "conn extra\n    left=127.0.0.1\n    right=127.0.0.5\n    auto=ondemand\n");

        Assert.Empty(_shell.Run($"Add-IpsecConnection extra -Config '{config}' {At} -WhatIf"));

        Assert.Contains($"What if: Add 'extra' from {config}:", _shell.Text, StringComparison.Ordinal);
        Assert.Contains("  1. add connection 'extra': 127.0.0.1[127.0.0.1]...127.0.0.5[127.0.0.5], tunnel, reqid", _shell.Text, StringComparison.Ordinal);
        Assert.Contains("  2. add trap policy out 127.0.0.1/32 -> 127.0.0.5/32 priority 95904 via ESP tunnel 127.0.0.1 -> 127.0.0.5", _shell.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("extra", Status().Select(s => s.Name));
    }

    [Fact]
    public void Route_WhatIf_ShowsTheTrapPolicy_ThenRouteInstallsIt_AndUnrouteRemovesIt()
    {
        _shell.Run($"Add-IpsecRoute west-east {At} -WhatIf");
        var planned = Status("west-east").Single().Routed;
        _shell.Run($"Add-IpsecRoute west-east {At}");
        var routed = Status("west-east").Single().Routed;
        _shell.Run($"Remove-IpsecRoute west-east {At}");

        Assert.Contains("What if: Route connection 'west-east':\n  1. add trap policy out 10.1.0.0/16 -> 10.2.0.0/16 priority 97952 via ESP tunnel 127.0.0.1 -> 127.0.0.2 reqid", _shell.Text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.False(planned);
        Assert.True(routed);
        Assert.False(Status("west-east").Single().Routed);
    }

    [Fact]
    public void Route_OfALeftSourceIpTheHostLacks_AddsItBeforeItsRoute_AndUnrouteTakesBoth()
    {
        using var daemon = new DaemonFixture(
            "conn sourced\n    left=127.0.0.1\n    leftsubnet=10.1.0.0/16\n    leftsourceip=10.1.0.1\n    right=127.0.0.2\n    rightsubnet=10.2.0.0/16\n    authby=secret\n    auto=add\n",
            secretsText: ": PSK \"one for all\"\n");
        var at = $"-RunDirectory '{daemon.Path}'";

        // The daemon's kernel steps, without the policies' priorities.
        IEnumerable<string> Steps(string command)
        {
            _shell.Run($"{command} sourced {at} -Verbose");
            Assert.Empty(_shell.Streams.Error);
            const string prefix = "\"sourced\": kernel: ";
            return [.. _shell.Streams.Verbose.Select(v => v.Message).Where(m => m.StartsWith(prefix, StringComparison.Ordinal))
                .Select(m => m[prefix.Length..]).Select(m => m.Contains(" priority", StringComparison.Ordinal) ? m[..m.IndexOf(" priority", StringComparison.Ordinal)] : m)];
        }

        Assert.Equal(["add trap policy out 10.1.0.0/16 -> 10.2.0.0/16", "add address 10.1.0.1/32 dev lo", "add route 10.2.0.0/16 src 10.1.0.1"], Steps("Add-IpsecRoute"));
        Assert.Equal(["delete trap policy out 10.1.0.0/16 -> 10.2.0.0/16", "delete route 10.2.0.0/16 src 10.1.0.1", "delete address 10.1.0.1/32 dev lo"], Steps("Remove-IpsecRoute"));
        Assert.Contains("add address 10.1.0.1/32 dev lo", Steps("Add-IpsecRoute"));
        Assert.True(Status("sourced", at).Single().Routed);
    }

    [Fact]
    public void Route_Verbose_StreamsTheDaemonsSteps()
    {
        _shell.Run($"Add-IpsecRoute west-east {At} -Verbose");

        Assert.Contains(_shell.Streams.Verbose, v => v.Message.StartsWith("\"west-east\": kernel: add trap policy out 10.1.0.0/16 -> 10.2.0.0/16", StringComparison.Ordinal));
    }

    [Fact]
    public void Route_OfAConnectionToAnyPeer_IsAnInvalidOperation()
    {
        _shell.Run($"Add-IpsecRoute roadwarrior {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("InvalidOperation,SwanShell.Commands.AddIpsecRouteCommand", error.FullyQualifiedErrorId);
        Assert.Contains("its remote end is %any", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_ConfirmAnsweredNo_KeepsTheConnection()
    {
        _shell.Run($"Remove-IpsecConnection ondemand {At} -Confirm");

        Assert.Contains("ondemand", Status().Select(s => s.Name));
    }

    [Fact]
    public void Remove_PipedFromGetIpsecStatus_DeletesAndUnroutes()
    {
        _shell.Run($"Get-IpsecStatus -Name 'on*' {At} | Remove-IpsecConnection {At}");

        Assert.Empty(_shell.Streams.Error);
        Assert.DoesNotContain("ondemand", Status().Select(s => s.Name));
        Assert.Contains("\"ondemand\": kernel: delete trap policy out 127.0.0.1/32 -> 127.0.0.3/32", _daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_OfAnUnknownName_IsObjectNotFound()
    {
        _shell.Run($"Remove-IpsecConnection nope {At}");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("ConnectionNotFound,SwanShell.Commands.RemoveIpsecConnectionCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public void Cmdlet_WithNoDaemon_SaysSoAsAConnectionError()
    {
        _shell.Run($"Get-IpsecStatus -RunDirectory '{_daemon.Path}/nowhere'");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("DaemonNotRunning,SwanShell.Commands.GetIpsecStatusCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, error.CategoryInfo.Category);
        Assert.Contains("Invoke-IpsecSetup -Action Start", error.Exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Remove-IpsecConnection", "west-east")]
    [InlineData("Add-IpsecConnection", "ignored")]
    public void ConnectionNames_CompleteWithTab(string cmdlet, string expected)
    {
        var line = cmdlet == "Add-IpsecConnection"
            ? $"{cmdlet} -Config '{_daemon.ConfigPath}' -Name ig"
            : $"{cmdlet} {At} -Name we";

        var matches = _shell.Run($"[System.Management.Automation.CommandCompletion]::CompleteInput(\"{line.Replace("\"", "`\"", StringComparison.Ordinal)}\", {line.Length}, $null).CompletionMatches | ForEach-Object CompletionText");

        Assert.Equal([expected], matches.Select(m => (string)m.BaseObject));
    }
}
