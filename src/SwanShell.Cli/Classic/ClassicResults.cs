using SwanShell.Engine.Config;

namespace SwanShell.Cli.Classic;

/// <summary>The results of the classic commands: which objects mean failure, and the classic texts.</summary>
internal static class ClassicResults
{
    public static FormatViewResult Views { get; } = new();

    /// <summary><c>ipsec setup status</c>: the one-line answer, and more detail (with exit 1) if something strange is found.</summary>
    public static TextResult<IpsecServiceStatus> ServiceStatus { get; } = TextResult<IpsecServiceStatus>.Each(ServiceStatusLines, s => !s.IsHealthy);

    /// <summary>libreswan's answer to <c>ipsec auto --add</c>.</summary>
    public static TextResult<IpsecConnectionStatus> Added { get; } = TextResult<IpsecConnectionStatus>.Each(c => [$"\"{c.Name}\": added IKEv2 connection"]);

    /// <summary>libreswan's <c>Linux Libreswan U…/K… (netkey)</c> form.</summary>
    public static TextResult<IpsecVersion> Version { get; } = TextResult<IpsecVersion>.Each(v => [$"Linux {v} ({v.Stack})"]);

    public static TextResult<IpsecVersion> Directory { get; } = TextResult<IpsecVersion>.Each(v => [v.ModuleDirectory]);

    /// <summary><c>addconn --checkconfig</c> fails on errors; warnings are shown but pass.</summary>
    public static FormatViewResult ConfigCheck { get; } = new(o => o is IpsecConfigDiagnostic { Severity: DiagnosticSeverity.Error });

    /// <summary><c>checknss</c> fails when the store has problems (each also shown as a warning).</summary>
    public static FormatViewResult CertificateStoreCheck { get; } = new(o => o is IpsecCertificateStoreStatus { IsHealthy: false });

    /// <summary><c>ipsec barf</c>: the report's text, as the file -Path writes.</summary>
    public static TextResult<IpsecDiagnostic> Diagnostic { get; } = TextResult<IpsecDiagnostic>.Each(d => [d.ToText().TrimEnd('\n')]);

    private static IEnumerable<string> ServiceStatusLines(IpsecServiceStatus status)
    {
        yield return status.ToString();
        if (status.Illicit.Length > 0)
        {
            yield return $"  illicit pluto pid(s) {string.Join(' ', status.Illicit)}: not the pid {status.LockFileProcessId} in the lock file";
        }

        if (status.Orphaned.Length > 0)
        {
            yield return $"  orphaned pluto pid(s) {string.Join(' ', status.Orphaned)}: running without a lock file";
        }

        if (status.StaleLockFile)
        {
            yield return $"  stale lock file: pid {status.LockFileProcessId} holds no lock (the daemon died without cleaning up)";
        }

        if (status.StalePidFile)
        {
            yield return "  stale pid file left by a dead daemon";
        }

        if (status.StaleSocket)
        {
            yield return "  stale control socket left by a dead daemon";
        }

        if (!status.IsHealthy)
        {
            yield return $"  ('ipsec setup stop' cleans up {status.RunDirectory})";
        }
    }
}
