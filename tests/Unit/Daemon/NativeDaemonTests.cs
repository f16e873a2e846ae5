using System.Diagnostics;
using SwanShell.Engine.Daemon;
using SwanShell.UnitTests.Cli;
using SwanShell.UnitTests.TestSupport;

namespace SwanShell.UnitTests.Daemon;

/// <summary>
/// The daemon as a platform publish ships it: swanshell-pluto compiled ahead of time (bench/run.sh measures that one).
/// Published here, a minute or two on two cores, so that neither the native build nor the native daemon rots.
/// </summary>
public sealed class NativeDaemonTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    private readonly DirectoryInfo _published = Directory.CreateTempSubdirectory("swanshell-native-");
    private readonly TempRunDirectory _run = new();

    public void Dispose()
    {
        DaemonService.StopAsync(_run.RunDirectory, TimeSpan.FromSeconds(20), CancellationToken.None).GetAwaiter().GetResult();
        _run.Dispose();
        _published.Delete(recursive: true);
    }

    [Fact]
    public async Task APlatformPublish_CompilesTheDaemonAheadOfTime_AndItStartsAndAnswers()
    {
        var daemonProject = Path.Combine(RepositoryRoot.Path, "src", "SwanShell.Daemon");
        var publish = Run("dotnet", ["publish", daemonProject, "-c", "Release", "-r", "linux-x64", "--nologo", "-v", "quiet", "-o", _published.FullName]);
        Assert.True(publish.ExitCode == 0, $"dotnet publish failed:\n{publish.Output}{publish.Error}");
        var executable = Path.Combine(_published.FullName, "swanshell-pluto");

        // Native code, not an app host in front of IL: no assembly of its own to load.
        Assert.Equal([0x7f, (byte)'E', (byte)'L', (byte)'F'], File.ReadAllBytes(executable)[..4]);
        Assert.False(File.Exists(Path.Combine(_published.FullName, "swanshell-pluto.dll")));

        File.WriteAllText(Path.Combine(_run.Path, "ipsec.secrets"), "@east @west : PSK \"native daemon test secret\"\n");
        var config = Path.Combine(_run.Path, "ipsec.conf");
        File.WriteAllText(config, $"""
            config setup
                listen=127.0.0.1
                secretsfile={Path.Combine(_run.Path, "ipsec.secrets")}

            conn east-west
                left=127.0.0.1
                leftid=@east
                right=127.0.0.2
                rightid=@west
                authby=secret
                auto=add
            """);
        var options = new DaemonOptions { RunDirectory = _run.RunDirectory, ConfigPath = config, KernelBackend = KernelBackendKind.Memory, IkePort = 0, NatTraversalPort = 0 };

        var outcome = await DaemonService.StartAsync(options, executable, TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Failure);
        Assert.Contains("\"east-west\": added", File.ReadAllText(_run.RunDirectory.LogFilePath), StringComparison.Ordinal);
        // Invoke-IpsecSetup -Action Stop finds it as it finds `swanshell pluto`.
        Assert.Equal([outcome.Info!.ProcessId], DaemonProcessScanner.Find(_run.RunDirectory));
    }

    private static ProcessResult Run(string program, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        return ProcessCompletion.Wait(process, Patience);
    }
}
