using System.Management.Automation;
using SwanShell.Engine.Config;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;
using SwanShell.Engine.Kernel;
using SwanShell.Internal;

namespace SwanShell.Commands;

/// <summary>
/// <c>ipsec barf</c>: everything needed to debug an IPsec problem in one object, and with -Path in one text file for a
/// bug report. Secrets (PSKs, private keys, SA keys) are redacted before anything is kept.
/// </summary>
[Cmdlet(VerbsCommon.Get, "IpsecDiagnostic", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(IpsecDiagnostic))]
public sealed class GetIpsecDiagnosticCommand : DaemonCmdlet
{
    /// <summary>The kernel settings that decide whether IPsec traffic flows.</summary>
    private static readonly string[] SysctlNames =
    [
        "net.ipv4.ip_forward",
        "net.ipv6.conf.all.forwarding",
        "net.ipv4.conf.all.rp_filter",
        "net.ipv4.conf.default.rp_filter",
        "net.ipv4.conf.all.accept_redirects",
        "net.ipv4.conf.all.send_redirects",
        "net.core.xfrm_acq_expires",
        "net.core.xfrm_larval_drop",
        "net.core.xfrm_aevent_etime",
        "net.core.xfrm_aevent_rseqth",
        "net.ipv4.xfrm4_gc_thresh",
        "net.ipv6.xfrm6_gc_thresh",
    ];

    private static readonly (string Title, string[] Arguments)[] IpCommands =
    [
        ("XFRM state, keys redacted", ["-s", "xfrm", "state"]),
        ("XFRM policy", ["-s", "xfrm", "policy"]),
        ("addresses", ["-br", "address"]),
        ("IPv4 routes", ["-4", "route", "show", "table", "all"]),
        ("IPv6 routes", ["-6", "route", "show", "table", "all"]),
        ("routing rules", ["rule"]),
    ];

    /// <summary>Write the report as a text file here (mode 0600), for a bug report; the object is returned only with -PassThru.</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    /// <summary>Overwrite an existing file at -Path.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>With -Path, return the report object too.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The ipsec.conf to include when the daemon does not answer (when it does, its own). Default /etc/ipsec.conf.</summary>
    [Parameter]
    public string? Config { get; set; }

    /// <summary>How many of the daemon log's last lines to include.</summary>
    [Parameter]
    [ValidateRange(0, 100000)]
    public int LogLineCount { get; set; } = 200;

    /// <summary>Where /proc is; a seam for tests.</summary>
    internal string ProcRoot { get; set; } = "/proc";

    protected override void EndProcessing()
    {
        var problems = new List<string>();
        var status = DaemonStatus.Inspect(Run);
        var info = Ask(() => Request("status", ControlJsonContext.Default.DaemonInfo), "the daemon's status", problems);
        var global = info is null ? null : Ask(() => Request("globalstatus", ControlJsonContext.Default.IpsecGlobalStatus), "the global status", problems);
        var connections = info is null ? null : Ask(() => Request("connections", ControlJsonContext.Default.IReadOnlyListIpsecConnectionStatus), "the connections", problems);
        var kernel = info is null ? null : Ask(() => Request("kernelstate", ControlJsonContext.Default.IpsecKernelState), "the daemon's kernel state", problems);

        var configPath = info?.ConfigPath ?? GetUnresolvedProviderPathFromPSPath(Config ?? "/etc/ipsec.conf");
        var configuration = Read(configPath, path => IpsecConfReader.Read(path), problems);
        var secretsPath = configuration?.Setup.SecretsFile ?? new SetupDefinition().SecretsFile;
        using var secrets = Read(secretsPath, path => IpsecSecrets.Read(path), problems);
        var redactor = new SecretRedactor(secrets?.Entries ?? []);

        var sections = new List<IpsecDiagnosticSection>();
        foreach (var (title, arguments) in IpCommands)
        {
            var (output, problem) = HostCommand.Run("ip", arguments);
            if (output is not null)
            {
                sections.Add(new IpsecDiagnosticSection(title, $"ip {string.Join(' ', arguments)}", redactor.Redact(output)));
            }
            else
            {
                problems.Add(problem!);
            }
        }

        if (configuration is not null)
        {
            sections.Add(new IpsecDiagnosticSection("configuration", configPath, redactor.Redact(File.ReadAllText(configPath))));
        }

        if (secrets is not null)
        {
            sections.Add(new IpsecDiagnosticSection("secrets, redacted", secretsPath, string.Join('\n', secrets.Entries.Select(Describe))));
        }

        // The file the daemon says it logs to (logfile=); without an answer, the one its config names or it wrote last.
        var logPath = info?.LogFile ?? DaemonLog.LatestFile(Run, configuration?.Setup);
        if (logPath is not null && File.Exists(logPath))
        {
            var tail = File.ReadLines(logPath).TakeLast(LogLineCount);
            sections.Add(new IpsecDiagnosticSection($"daemon log, last {LogLineCount} lines", logPath, redactor.Redact(string.Join('\n', tail))));
        }

        var moduleDirectory = System.IO.Path.GetDirectoryName(typeof(GetIpsecDiagnosticCommand).Assembly.Location) ?? string.Empty;
        var report = new IpsecDiagnostic(
            new IpsecVersion(KernelInfo.Read(ProcRoot), moduleDirectory),
            new IpsecServiceStatus(status, info),
            global,
            connections ?? [],
            kernel,
            Sysctls(problems),
            sections,
            [.. problems.Select(redactor.Redact)]);

        if (Path is null)
        {
            WriteObject(report);
            return;
        }

        Write(report, redactor);
        if (PassThru)
        {
            WriteObject(report);
        }
    }

    /// <summary>One record of ipsec.secrets as the report shows it: its IDs, kind and place, never the secret.</summary>
    private static string Describe(SecretsEntry entry)
    {
        var ids = entry.Ids.Count == 0 ? "%any" : string.Join(' ', entry.Ids);
        var secret = entry.Secret is null ? entry.KeyReference ?? string.Empty : SecretRedactor.Redacted;
        return $"{ids} : {entry.Kind} {secret}   ({entry.Location})";
    }

    private void Write(IpsecDiagnostic report, SecretRedactor redactor)
    {
        var path = GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(path) && !Force)
        {
            WriteError(new ErrorRecord(new IOException($"{path} exists; use -Force to overwrite it."), "DiagnosticFileExists", ErrorCategory.ResourceExists, path));
            return;
        }

        if (!ShouldProcess(path, "Write the diagnostic report"))
        {
            return;
        }

        // Once more over the whole text: nothing the report holds should be secret, and this is what leaves the machine.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var writer = new StreamWriter(path, System.Text.Encoding.UTF8, options))
        {
            writer.Write(redactor.Redact(report.ToText()));
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private SortedDictionary<string, string> Sysctls(List<string> problems)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SysctlNames)
        {
            var file = System.IO.Path.Combine(ProcRoot, "sys", name.Replace('.', '/'));
            try
            {
                values[name] = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"sysctl {name}: {e.Message}");
            }
        }

        return values;
    }

    private static T? Ask<T>(Func<T> request, string what, List<string> problems)
        where T : class
    {
        try
        {
            return request();
        }
        catch (DaemonRequestException e)
        {
            problems.Add($"{what}: {e.Message}");
            return null;
        }
    }

    private static T? Read<T>(string path, Func<string, T> read, List<string> problems)
        where T : class
    {
        if (!File.Exists(path))
        {
            problems.Add($"{path} does not exist");
            return null;
        }

        try
        {
            return read(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{path}: {e.Message}");
            return null;
        }
    }
}
