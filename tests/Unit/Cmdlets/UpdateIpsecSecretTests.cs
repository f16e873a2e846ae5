using SwanShell.Engine.Control;
using SwanShell.UnitTests.Hosting;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Cmdlets;

public sealed class UpdateIpsecSecretTests : IDisposable
{
    private const string Secret = "correct-horse-battery-staple";
    private readonly DaemonFixture _daemon = new(secretsText: $"@west @east : PSK \"{Secret}\"\n");
    private readonly HostedShell _shell = PowerShellFixture.NewShell();

    public void Dispose()
    {
        _shell.Dispose();
        _daemon.Dispose();
    }

    [Fact]
    public void Reread_LoadsTheNewFile_AndSaysHowManyRecords()
    {
        File.WriteAllText(_daemon.SecretsPath, $"@west @east : PSK \"{Secret}\"\n@west @north : PSK \"another-one\"\n");

        var summary = (SecretsSummary)_shell.Run($"Update-IpsecSecret -PassThru -RunDirectory '{_daemon.Path}'").Single().BaseObject;

        Assert.Equal(_daemon.SecretsPath, summary.Path);
        Assert.Equal(2, summary.Count);
        Assert.Empty(summary.Problems);
    }

    [Fact]
    public void ProblemsInTheFile_AreWarningsWithTheirLine_AndNoSecretIsShownAnywhere()
    {
        File.WriteAllText(_daemon.SecretsPath, $"@west @east : PSK \"{Secret}\"\n@west : PKS \"{Secret}\"\n");

        _shell.Run($"Update-IpsecSecret -PassThru -Verbose -RunDirectory '{_daemon.Path}'");

        var warning = Assert.Single(_shell.Streams.Warning).Message;
        Assert.Contains("ipsec.secrets:2:", warning, StringComparison.Ordinal);
        var everything = string.Join("\n", _shell.Streams.Warning.Select(w => w.Message).Concat(_shell.Streams.Verbose.Select(v => v.Message))) + _shell.Text + _daemon.Log;
        Assert.DoesNotContain(Secret, everything, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_RereadsNothing()
    {
        File.Delete(_daemon.SecretsPath);

        _shell.Run($"Update-IpsecSecret -WhatIf -RunDirectory '{_daemon.Path}'");

        Assert.Empty(_shell.Streams.Error);
        Assert.Contains("What if: Performing the operation \"Re-read ipsec.secrets\"", _shell.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsAnErrorNamingIt()
    {
        File.Delete(_daemon.SecretsPath);

        _shell.Run($"Update-IpsecSecret -RunDirectory '{_daemon.Path}'");

        var error = Assert.Single(_shell.Streams.Error);
        Assert.Equal("ConfigInvalid,SwanShell.Commands.UpdateIpsecSecretCommand", error.FullyQualifiedErrorId);
        Assert.Contains(_daemon.SecretsPath, error.Exception.Message, StringComparison.Ordinal);
    }
}
