using System.Runtime.InteropServices;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon.Logging;
using SwanShell.Engine.Daemon.Systemd;
using SwanShell.Engine.Kernel;
using SwanShell.Engine.Kernel.Memory;
using SwanShell.Engine.Kernel.Xfrm;
using SwanShell.Engine.Native;

namespace SwanShell.Engine.Daemon;

/// <summary>
/// The SwanShell daemon process ("pluto", after libreswan's): owns the lock file, the pid file and the control
/// socket of its run directory, runs the <see cref="DaemonCore"/> behind them, and cleans up after itself on
/// shutdown or SIGTERM.
/// </summary>
public static class PlutoDaemon
{
    /// <summary>Runs until shut down; returns the process exit code (1 when it cannot start).</summary>
    public static async Task<int> RunAsync(DaemonOptions options, TextWriter stderr)
    {
        if (!options.Foreground)
        {
            // Started in the background: leave the starter's session so its terminal closing does not stop us.
            LibC.SetSid();
        }

        var run = options.RunDirectory;
        run.Create();
        // Read before the log opens, since config setup says where it goes; its problems are logged once it is open.
        var (configuration, configurationProblems) = ReadConfiguration(options.ConfigPath);
        using var daemonLock = DaemonLock.TryAcquire(run.LockFilePath, Environment.ProcessId);

        // Detached, the daemon writes its log to the file only: a pipe its starter stops reading must never block it.
        // Under systemd (JOURNAL_STREAM set) stderr already is the journal, which gets the structured records instead.
        var systemLog = SystemLogDetector.Detect();
        var toStderr = options.Foreground && (systemLog is null || Environment.GetEnvironmentVariable("JOURNAL_STREAM") is null);
        // logappend=no truncates the log only for the daemon that owns the run directory, never under a running one.
        using var log = OpenLog(run, options.ConfigPath, configuration?.Setup, truncate: daemonLock is not null, toStderr ? stderr : null, systemLog);
        if (daemonLock is null)
        {
            log.Write($"another SwanShell daemon (pid {DaemonLock.Inspect(run.LockFilePath).ProcessId}) owns {run.Path}; not starting");
            return 1;
        }

        foreach (var problem in configurationProblems)
        {
            log.Write(problem);
        }

        var systemd = SystemdNotifier.FromEnvironment();
        using var kernel = CreateKernel(options.KernelBackend, log);
        if (kernel is null)
        {
            return 1;
        }

        await File.WriteAllTextAsync(run.KernelFilePath, kernel.Name).ConfigureAwait(false);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            log.Write($"received {context.Signal}");
            stopping.TrySetResult();
        }

        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        ILocalAddressSource host = configuration?.Setup.Listen is { } listen ? new ListenAddressSource(listen) : new SystemLocalAddressSource();
        var certificates = options.CertificateStore(configuration?.Setup);
        log.Write($"certificate store: {certificates.Path}{(certificates.Exists ? string.Empty : " (none there yet: conns with leftcert= cannot be added)")}");
        var core = new DaemonCore(options, kernel, host, configuration?.Setup.SecretsFile ?? new SetupDefinition().SecretsFile, certificates, log, () => stopping.TrySetResult());
        var server = new ControlServer(run.SocketPath, core, new ControlAccessPolicy(LibC.GetEUid(), options.ControlGroupId), log.Write);
        try
        {
            try
            {
                core.StartIke(ListenAddresses(configuration, host), kernelEspInUdp: kernel is XfrmKernel, configuration?.Setup ?? new SetupDefinition());
            }
            catch (System.Net.Sockets.SocketException e)
            {
                log.Write($"cannot listen for IKE on UDP {options.IkePort}/{options.NatTraversalPort}: {e.Message} (another IKE daemon running? ports below 1024 need root)");
                return 1;
            }

            await LoadSecretsAsync(core, log).ConfigureAwait(false);
            if (configuration is not null)
            {
                await core.LoadConfiguredAsync(configuration).ConfigureAwait(false);
            }

            // The pid file first: a client that gets an answer must find everything in place.
            await File.WriteAllTextAsync(run.PidFilePath, $"{Environment.ProcessId}\n").ConfigureAwait(false);
            server.Start();
            log.Write($"SwanShell {ProductInfo.Version} daemon started: run directory {run.Path}, kernel {kernel.Name}, config {options.ConfigPath}");
            systemd.Ready($"listening, control socket {run.SocketPath}");
            await stopping.Task.ConfigureAwait(false);
            systemd.Stopping("shutting down");
            log.Write("shutting down");
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
            await core.DisposeAsync().ConfigureAwait(false);
            var flushed = kernel.Flush();
            if (flushed.RemovedAnything)
            {
                log.Write($"kernel: removed what was ours: {flushed}");
            }

            File.Delete(run.PidFilePath);
            File.Delete(run.KernelFilePath);
        }

        log.Write("stopped");
        return 0;
    }

    /// <summary><c>listen=</c>, else every address of the host that can be bound without a scope (not IPv6 link-local), as pluto does.</summary>
    private static IEnumerable<System.Net.IPAddress> ListenAddresses(IpsecConfiguration? configuration, ILocalAddressSource host) =>
        configuration?.Setup.Listen is { } listen ? [listen] : host.LocalAddresses.Where(a => !a.IsIPv6LinkLocal);

    /// <summary>Reads ipsec.secrets at start, as pluto does; a missing or broken file is logged, not fatal.</summary>
    private static async Task LoadSecretsAsync(DaemonCore core, DaemonLog log)
    {
        try
        {
            await core.RereadSecretsAsync((message, _) => log.Write(message)).ConfigureAwait(false);
        }
        catch (ControlException e)
        {
            log.Write(e.Message);
        }
    }

    /// <summary>The daemon's ipsec.conf, if there is one, and what to log about it: conns with errors are left out, as pluto does.</summary>
    private static (IpsecConfiguration? Configuration, IReadOnlyList<string> Problems) ReadConfiguration(string path)
    {
        if (!File.Exists(path))
        {
            return (null, [$"no configuration at {path}: starting with no connections"]);
        }

        var configuration = IpsecConfReader.Read(path);
        return (configuration, [.. configuration.Diagnostics.Select(d => (d with { Location = FullPath(d.Location, path) }).ToString())]);
    }

    /// <summary>A location with the full path of its file: the log is read far from the config's directory.</summary>
    private static SourceLocation FullPath(SourceLocation location, string configPath) =>
        location with { File = Path.Combine(Path.GetDirectoryName(configPath) ?? "/", location.File) };

    /// <summary>
    /// The log at <c>logfile=</c>, else in the run directory. A logfile= the daemon cannot write is not fatal (the
    /// tunnels matter more than where their log goes): the log falls back to the run directory and says why first.
    /// </summary>
    private static DaemonLog OpenLog(RunDirectory run, string configPath, SetupDefinition? setup, bool truncate, TextWriter? stderr, ISystemLog? systemLog)
    {
        var append = !truncate || (setup?.LogAppend ?? true);
        var timestamps = setup?.LogTime ?? true;
        var path = DaemonLog.FilePathFor(run, setup);
        try
        {
            return new DaemonLog(path, stderr, systemLog, append, timestamps);
        }
        catch (Exception e) when (path != run.LogFilePath && e is IOException or UnauthorizedAccessException)
        {
            var log = new DaemonLog(run.LogFilePath, stderr, systemLog, append, timestamps);
            var where = setup?.LogFileLocation is { } location ? $"{FullPath(location, configPath)}: " : string.Empty;
            log.Write($"{where}logfile={path} cannot be written ({e.Message}), so the daemon logs to {run.LogFilePath} instead; "
                + "create its directory and let the daemon's user write there, or set logfile= to a file it can write");
            return log;
        }
    }

    private static IKernel? CreateKernel(KernelBackendKind kind, DaemonLog log)
    {
        if (kind == KernelBackendKind.Memory)
        {
            return new MemoryKernel();
        }

        try
        {
            var kernel = XfrmKernel.Open();

            // What a crashed predecessor installed is ours but no longer backed by IKE SAs: start clean, as pluto does.
            var leftovers = kernel.Flush();
            if (leftovers.RemovedAnything)
            {
                log.Write($"kernel: removed what an earlier daemon left: {leftovers}");
            }

            return kernel;
        }
        catch (Exception e) when (e is KernelException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            log.Write($"cannot open the kernel's XFRM interface: {e.Message} (the daemon needs root, or CAP_NET_ADMIN; --kernel memory needs neither)");
            return null;
        }
    }
}
