using System.Net;

namespace SwanShell.Engine.Config;

/// <summary>The <c>config setup</c> section, typed; defaults are libreswan's.</summary>
public sealed record SetupDefinition
{
    /// <summary><c>secretsfile=</c>, a path in the configuration's file system (under its root).</summary>
    public string SecretsFile { get; init; } = "/etc/ipsec.secrets";

    /// <summary><c>ipsecdir=</c>.</summary>
    public string IpsecDirectory { get; init; } = "/etc/ipsec.d";

    /// <summary>
    /// <c>nssdir=</c>: the daemon's certificate store (SwanShell's store, not an NSS database), where <c>leftcert=</c>
    /// names are looked up; null leaves it to the daemon's <c>--nssdir</c>, else $SWANSHELL_CERTSTORE, else the default.
    /// </summary>
    public string? NssDirectory { get; init; }

    /// <summary><c>logfile=</c>, an absolute path; null leaves the daemon's log in its run directory.</summary>
    public string? LogFile { get; init; }

    /// <summary>Where <c>logfile=</c> was written, so that a daemon that cannot open it can say which line to fix.</summary>
    public SourceLocation? LogFileLocation { get; init; }

    /// <summary><c>logappend=</c>: no truncates the log file when the daemon starts.</summary>
    public bool LogAppend { get; init; } = true;

    /// <summary><c>logtime=</c>: no leaves the time stamp off each line of the log file (and stderr).</summary>
    public bool LogTime { get; init; } = true;

    public bool LogIp { get; init; } = true;

    public bool UniqueIds { get; init; } = true;

    /// <summary><c>listen=</c>: the one address to listen on; null listens on all.</summary>
    public IPAddress? Listen { get; init; }

    public bool ListenUdp { get; init; } = true;

    public bool ListenTcp { get; init; }

    /// <summary><c>keep-alive=</c>: the NAT-T keepalive period.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary><c>nhelpers=</c>: crypto threads; -1 picks from the CPU count, 0 does crypto inline.</summary>
    public int Helpers { get; init; } = -1;

    public TimeSpan ShuntLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary><c>ddos-mode=</c>: auto, busy or unlimited.</summary>
    public string DdosMode { get; init; } = "auto";

    public uint DdosIkeThreshold { get; init; } = 25000;

    public uint MaxHalfOpenIke { get; init; } = 50000;

    /// <summary><c>myvendorid=</c>.</summary>
    public string? VendorId { get; init; }

    /// <summary><c>nflog-all=</c>: the NFLOG group all IPsec traffic is logged to; null (or 0 in the file) logs none.</summary>
    public ushort? NflogAll { get; init; }
}
