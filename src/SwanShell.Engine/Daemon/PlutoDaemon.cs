using System.Runtime.InteropServices;
using System.Text.Json;
using SwanShell.Engine.Control;
using SwanShell.Engine.Native;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// The SwanShell daemon ("pluto", after libreswan's): owns the lock file, the pid file and the control
/// socket of its run directory, serves control requests, and cleans up after itself on shutdown or SIGTERM.
/// </summary>
public sealed class PlutoDaemon : IControlHandler
{
    private readonly DaemonOptions _options;
    private readonly DaemonLog _log;
    private readonly TaskCompletionSource _shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _startedAt = DateTimeOffset.UtcNow;

    private PlutoDaemon(DaemonOptions options, DaemonLog log)
    {
        _options = options;
        _log = log;
    }

    /// <summary>Runs until shut down; returns the process exit code (1 when another daemon owns the run directory).</summary>
    public static async Task<int> RunAsync(DaemonOptions options, TextWriter stderr)
    {
        if (!options.Foreground)
        {
            // Started in the background: leave the starter's session so its terminal closing does not stop us.
            LibC.SetSid();
        }

        var run = options.RunDirectory;
        run.Create();
        using var log = new DaemonLog(run.LogFilePath, stderr);
        using var daemonLock = DaemonLock.TryAcquire(run.LockFilePath, Environment.ProcessId);
        if (daemonLock is null)
        {
            log.Write($"another SwanShell daemon (pid {DaemonLock.Inspect(run.LockFilePath).ProcessId}) owns {run.Path}; not starting");
            return 1;
        }

        var daemon = new PlutoDaemon(options, log);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, daemon.OnSignal);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, daemon.OnSignal);
        var server = new ControlServer(run.SocketPath, daemon, new ControlAccessPolicy(LibC.GetEUid(), options.ControlGroupId), log.Write);
        try
        {
            // The pid file first: a client that gets an answer must find everything in place.
            await File.WriteAllTextAsync(run.PidFilePath, $"{Environment.ProcessId}\n").ConfigureAwait(false);
            server.Start();
            log.Write($"SwanShell {ProductInfo.Version} daemon started: run directory {run.Path}, kernel {options.KernelBackend}, config {options.ConfigPath}");
            await daemon._shutdown.Task.ConfigureAwait(false);
            log.Write("shutting down");
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
            File.Delete(run.PidFilePath);
        }

        log.Write("stopped");
        return 0;
    }

    public Task<JsonElement?> HandleAsync(ControlRequest request, Action<ControlEvent> events, CancellationToken cancellationToken)
    {
        switch (request.Command)
        {
            case "hello":
            case "status":
                return Task.FromResult<JsonElement?>(ControlServer.ToResult(Info(), ControlJsonContext.Default.DaemonInfo));
            case "shutdown":
                events(new ControlEvent(DateTimeOffset.UtcNow, "Verbose", $"daemon pid {Environment.ProcessId} shutting down"));
                _shutdown.TrySetResult();
                return Task.FromResult<JsonElement?>(null);
            default:
                throw new ControlException(ControlErrorCodes.UnknownCommand, $"The daemon does not know the command '{request.Command}'.", request.Command);
        }
    }

    private DaemonInfo Info() => new(
        Environment.ProcessId,
        ProductInfo.Version,
        ControlProtocol.Version,
        _startedAt,
        _options.KernelBackend.ToString(),
        _options.ConfigPath,
        _options.IkePort,
        _options.NatTraversalPort);

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _log.Write($"received {context.Signal}");
        _shutdown.TrySetResult();
    }
}
