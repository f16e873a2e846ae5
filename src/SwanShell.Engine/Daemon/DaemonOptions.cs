namespace SwanShell.Engine.Daemon;

/// <summary>The kernel back ends a daemon can drive.</summary>
public enum KernelBackendKind
{
    /// <summary>The Linux kernel's XFRM stack over netlink.</summary>
    Xfrm,

    /// <summary>An in-process model of XFRM: for tests, demos without root, and -WhatIf planning.</summary>
    Memory,
}

/// <summary>How one daemon instance runs.</summary>
public sealed record DaemonOptions
{
    public required RunDirectory RunDirectory { get; init; }

    public string ConfigPath { get; init; } = "/etc/ipsec.conf";

    public KernelBackendKind KernelBackend { get; init; } = KernelBackendKind.Xfrm;

    public int IkePort { get; init; } = 500;

    public int NatTraversalPort { get; init; } = 4500;

    /// <summary>Stay in the starter's session (systemd, tests) rather than detach into a session of our own.</summary>
    public bool Foreground { get; init; }

    /// <summary>Group whose members may use the control socket besides root and the daemon's user.</summary>
    public uint? ControlGroupId { get; init; }

    /// <summary><c>--nssdir</c>: the certificate store, before <c>nssdir=</c> of config setup; null leaves it to that.</summary>
    public string? CertificateStorePath { get; init; }

    /// <summary>The command-line form of these options, for the launcher and for -WhatIf text.</summary>
    public IReadOnlyList<string> ToArguments() =>
    [
        "--rundir", RunDirectory.Path,
        "--config", ConfigPath,
        "--kernel", KernelBackend.ToString().ToLowerInvariant(),
        "--ike-port", IkePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--nat-port", NatTraversalPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        .. ControlGroupId is { } group ? ["--control-gid", group.ToString(System.Globalization.CultureInfo.InvariantCulture)] : Array.Empty<string>(),
        .. CertificateStorePath is { } store ? ["--nssdir", store] : Array.Empty<string>(),
    ];

    /// <summary>The store <c>leftcert=</c> names resolve against: <c>--nssdir</c>, else <c>nssdir=</c>, else $SWANSHELL_CERTSTORE or the default.</summary>
    public Certificates.CertificateStore CertificateStore(Config.SetupDefinition? setup) =>
        Certificates.CertificateStore.Resolve(CertificateStorePath ?? setup?.NssDirectory);

    /// <summary>Parses what <see cref="ToArguments"/> writes; errors name the option and what it accepts.</summary>
    public static DaemonOptions Parse(IReadOnlyList<string> arguments)
    {
        var options = new DaemonOptions { RunDirectory = RunDirectory.Resolve(null) };
        for (var i = 0; i < arguments.Count; i++)
        {
            var name = arguments[i];
            if (name == "--nofork")
            {
                options = options with { Foreground = true };
                continue;
            }

            if (i + 1 >= arguments.Count)
            {
                throw new ArgumentException($"{name} needs a value");
            }

            var value = arguments[++i];
            options = name switch
            {
                "--rundir" => options with { RunDirectory = RunDirectory.Resolve(value) },
                "--config" => options with { ConfigPath = Path.GetFullPath(value) },
                "--kernel" => options with
                {
                    KernelBackend = Enum.TryParse<KernelBackendKind>(value, ignoreCase: true, out var kernel)
                        ? kernel
                        : throw new ArgumentException($"--kernel {value}: use xfrm or memory"),
                },
                "--ike-port" => options with { IkePort = Port(name, value) },
                "--nat-port" => options with { NatTraversalPort = Port(name, value) },
                "--nssdir" => options with { CertificateStorePath = Path.GetFullPath(value) },
                "--control-gid" => options with
                {
                    ControlGroupId = uint.TryParse(value, out var gid) ? gid : throw new ArgumentException($"--control-gid {value}: use a numeric group id"),
                },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options;
    }

    private static int Port(string name, string value) =>
        int.TryParse(value, out var port) && port is >= 0 and <= 65535 ? port : throw new ArgumentException($"{name} {value}: use a UDP port, 0 to 65535");
}
