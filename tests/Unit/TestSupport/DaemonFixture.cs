using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Native;
using SwanShell.UnitTests.Cli;

namespace SwanShell.UnitTests.TestSupport;

/// <summary>
/// A real daemon process (Memory kernel back end, no IKE ports of its own) in a private run directory, with an
/// ipsec.conf written by the test; stopped and removed on dispose.
/// </summary>
public sealed class DaemonFixture : IDisposable
{
    private readonly TempRunDirectory _run = new();
    private readonly DaemonOptions _options;

    /// <param name="configText">The conns, after config setup.</param>
    /// <param name="listen">listen= of config setup; null listens on every address.</param>
    /// <param name="secretsText">The daemon's ipsec.secrets.</param>
    /// <param name="ikePort">Its IKE port; 0 picks one.</param>
    /// <param name="natTraversalPort">Its NAT-T port; 0 picks one.</param>
    /// <param name="setupText">More lines of config setup, each indented (e.g. nssdir=).</param>
    public DaemonFixture(string configText = "", string? listen = "127.0.0.1", string secretsText = "", int ikePort = 0, int natTraversalPort = 0, string setupText = "")
    {
        ConfigPath = System.IO.Path.Combine(_run.Path, "ipsec.conf");
        SecretsPath = System.IO.Path.Combine(_run.Path, "ipsec.secrets");
        File.WriteAllText(SecretsPath, secretsText);
        File.WriteAllText(ConfigPath, $"config setup\n    secretsfile={SecretsPath}\n{(listen is null ? string.Empty : $"    listen={listen}\n")}{setupText}\n{configText}");
        _options = new DaemonOptions { RunDirectory = _run.RunDirectory, ConfigPath = ConfigPath, KernelBackend = KernelBackendKind.Memory, IkePort = ikePort, NatTraversalPort = natTraversalPort };
        try
        {
            ProcessId = Start();
        }
        catch
        {
            _run.Dispose();
            throw;
        }
    }

    public RunDirectory RunDirectory => _run.RunDirectory;

    public string Path => _run.Path;

    public string ConfigPath { get; }

    public string SecretsPath { get; }

    public int ProcessId { get; private set; }

    /// <summary>The daemon's log so far.</summary>
    public string Log => File.ReadAllText(RunDirectory.LogFilePath);

    /// <summary>Writes another ipsec.conf beside the daemon's and returns its path.</summary>
    public string WriteConfig(string name, string text)
    {
        var path = System.IO.Path.Combine(_run.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// A crash and a restart, as a rebooted host does: SIGKILL (no Delete reaches the peer; the Memory kernel's state
    /// dies with the process), then a new daemon on the same run directory, config and ports.
    /// </summary>
    public void Restart()
    {
        LibC.Kill(ProcessId, 9);
        while (LibC.ProcessAlive(ProcessId))
        {
            Thread.Sleep(10);
        }

        ProcessId = Start();
    }

    private int Start()
    {
        var outcome = DaemonService.StartAsync(_options, SwanShellProcess.Executable, TimeSpan.FromSeconds(20), CancellationToken.None).GetAwaiter().GetResult();
        return outcome.Succeeded ? outcome.Info!.ProcessId : throw new InvalidOperationException(outcome.Failure);
    }

    /// <summary>What the daemon's kernel back end holds now (the control request behind Get-IpsecDiagnostic).</summary>
    public IpsecKernelState KernelState() => Task.Run(async () =>
    {
        await using var client = await ControlClient.ConnectAsync(RunDirectory.SocketPath, CancellationToken.None);
        return (await client.RequestAsync("kernelstate", null, null, CancellationToken.None))!.Value.Deserialize(ControlJsonContext.Default.IpsecKernelState)!;
    }).GetAwaiter().GetResult();

    public void Dispose()
    {
        DaemonService.StopAsync(_run.RunDirectory, TimeSpan.FromSeconds(20), CancellationToken.None).GetAwaiter().GetResult();
        _run.Dispose();
    }
}
