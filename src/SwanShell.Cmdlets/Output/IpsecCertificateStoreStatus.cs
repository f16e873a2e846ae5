using SwanShell.Engine.Certificates;

namespace SwanShell;

/// <summary>What Test-IpsecCertificateStore (<c>ipsec checknss</c>) found: the store's contents, its problems, what it changed.</summary>
public sealed class IpsecCertificateStoreStatus
{
    internal IpsecCertificateStoreStatus(CertificateStoreReport report)
    {
        Path = report.Path;
        Exists = report.Exists;
        Created = report.Created;
        CertificateCount = report.CertificateCount;
        PrivateKeyCount = report.PrivateKeyCount;
        TrustedCount = report.TrustedCount;
        Problems = [.. report.Problems];
        NewlyTrusted = [.. report.NewlyTrusted];
        IsHealthy = report.IsHealthy;
    }

    public string Path { get; }

    public bool Exists { get; }

    /// <summary>The store was missing and this run created it.</summary>
    public bool Created { get; }

    public int CertificateCount { get; }

    public int PrivateKeyCount { get; }

    public int TrustedCount { get; }

    public StoreProblem[] Problems { get; }

    /// <summary>The CA certificates -SetTrust marked trusted in this run.</summary>
    public string[] NewlyTrusted { get; }

    /// <summary>The store exists and nothing is wrong with it.</summary>
    public bool IsHealthy { get; }

    public override string ToString() => IsHealthy ? $"{Path}: OK" : $"{Path}: {(Exists ? $"{Problems.Length} problem(s)" : "missing")}";
}
