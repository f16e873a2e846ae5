using System.Globalization;
using System.Net;

namespace SwanShell.Bench.Handshake;

/// <summary>The command line: where the responder is, who we are, how many SAs and how many in flight.</summary>
internal sealed record LoadOptions
{
    public const string Usage = "Usage: Handshake --remote ADDR:PORT --local ADDR:PORT (--psk PSK | --cert-dir DIR) --group x25519|ecp256|modp2048 [--child-sas 0|1] [-n N] [-c C] [-w WARMUP] [--ids K] [--resp-id ID] [--resp-pid PID] [--max-seconds S]";

    public required IPEndPoint Remote { get; init; }

    public required IPEndPoint Local { get; init; }

    /// <summary>The PSK both sides prove; null when they sign with certificates.</summary>
    public string? PreSharedKey { get; init; }

    /// <summary>
    /// Certificates as the anchor's make_certs writes them: ca.pem (the CA the responder's certificate must chain to)
    /// and c&lt;i&gt;.pem with its key c&lt;i&gt;.key for identity i. Null: PSK.
    /// </summary>
    public string? CertificateDirectory { get; init; }

    public required string Group { get; init; }

    /// <summary>Child SAs negotiated in IKE_AUTH: 0 (childless, RFC 6023) or 1.</summary>
    public int ChildSas { get; init; }

    public int Count { get; init; } = 1000;

    public int Concurrency { get; init; } = 16;

    public int Warmup { get; init; } = 20;

    /// <summary>Identities c0..c(K-1).ssload.test, used round-robin, as the strongSwan initiator of the anchor does.</summary>
    public int Identities { get; init; } = 100;

    public string ResponderId { get; init; } = "resp.ssload.test";

    /// <summary>The responder's PID, whose CPU and memory are sampled; 0 for none.</summary>
    public int ResponderPid { get; init; }

    public double MaxSeconds { get; init; } = 300;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        if (args.Count % 2 != 0)
        {
            throw new ArgumentException($"{args[^1]} needs a value");
        }

        string Required(string name) => values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"{name} is required");
        int Number(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var known = new HashSet<string>(StringComparer.Ordinal) { "--remote", "--local", "--psk", "--cert-dir", "--group", "--child-sas", "-n", "-c", "-w", "--ids", "--resp-id", "--resp-pid", "--max-seconds" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k)) is { } unknown)
        {
            throw new ArgumentException($"unknown option {unknown}");
        }

        var psk = values.GetValueOrDefault("--psk");
        var certificates = values.GetValueOrDefault("--cert-dir");
        if ((psk is null) == (certificates is null))
        {
            throw new ArgumentException("give either --psk or --cert-dir");
        }

        var childSas = Number("--child-sas", 0);
        if (childSas is not (0 or 1))
        {
            throw new ArgumentException("--child-sas is 0 or 1");
        }

        return new LoadOptions
        {
            Remote = IPEndPoint.Parse(Required("--remote")),
            Local = IPEndPoint.Parse(Required("--local")),
            PreSharedKey = psk,
            CertificateDirectory = certificates,
            Group = Required("--group"),
            ChildSas = childSas,
            Count = Number("-n", 1000),
            Concurrency = Number("-c", 16),
            Warmup = Number("-w", 20),
            Identities = Number("--ids", 100),
            ResponderId = values.GetValueOrDefault("--resp-id", "resp.ssload.test"),
            ResponderPid = Number("--resp-pid", 0),
            MaxSeconds = values.TryGetValue("--max-seconds", out var s) ? double.Parse(s, CultureInfo.InvariantCulture) : 300,
        };
    }
}
