using SwanShell.Engine.Control;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

/// <summary>ipsec auto --ready against a real daemon (Memory kernel back end).</summary>
public sealed class StartIpsecListenerTests : IDisposable
{
    private readonly DaemonFixture _daemon = new(secretsText: "@west @east : PSK \"ready secret\"\n");
    private readonly HostedShell _shell = PowerShellFixture.NewShell();

    public void Dispose()
    {
        _shell.Dispose();
        _daemon.Dispose();
    }

    [Fact]
    public void PassThru_NamesTheEndpointsListenedOn_AndTheSecretsReread()
    {
        var result = (ListenResult)_shell.Run($"Start-IpsecListener -PassThru -RunDirectory '{_daemon.Path}'").Single().BaseObject;

        Assert.Empty(_shell.Streams.Error);
        Assert.True(result.Performed);
        Assert.Contains(result.Endpoints, e => e.StartsWith("127.0.0.1:", StringComparison.Ordinal));
        Assert.Equal(1, result.Secrets?.Count);
        Assert.DoesNotContain("ready secret", _shell.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutPassThru_WritesNothing_ButRereadsTheSecrets()
    {
        File.AppendAllText(_daemon.SecretsPath, "@west @north : PSK \"second\"\n");

        Assert.Empty(_shell.Run($"Start-IpsecListener -RunDirectory '{_daemon.Path}'"));

        Assert.Empty(_shell.Streams.Error);
        Assert.Contains("loaded 2 secret(s)", _daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenSecretsLine_IsAWarningWithItsLine()
    {
        File.AppendAllText(_daemon.SecretsPath, "@west @north : PSK\n");

        _shell.Run($"Start-IpsecListener -RunDirectory '{_daemon.Path}'");

        var warning = Assert.Single(_shell.Streams.Warning);
        Assert.Contains("ipsec.secrets:2", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_SaysWhatItWouldRead_AndReadsNothing()
    {
        File.AppendAllText(_daemon.SecretsPath, "@west @north : PSK \"second\"\n");

        Assert.Empty(_shell.Run($"Start-IpsecListener -WhatIf -RunDirectory '{_daemon.Path}'"));

        Assert.Contains($"reread {_daemon.SecretsPath}", _shell.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("loaded 2 secret(s)", _daemon.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutADaemon_SaysItIsNotRunning()
    {
        using var empty = new TempRunDirectory();

        _shell.Run($"Start-IpsecListener -RunDirectory '{empty.Path}'");

        Assert.Contains("not running", Assert.Single(_shell.Streams.Error).Exception.Message, StringComparison.OrdinalIgnoreCase);
    }
}
