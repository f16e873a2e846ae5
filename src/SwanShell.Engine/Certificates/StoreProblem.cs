namespace SwanShell.Engine.Certificates;

/// <summary>What can be wrong in a certificate store.</summary>
public enum StoreProblemKind
{
    /// <summary>No store at the path (and it was not created).</summary>
    StoreMissing,

    /// <summary>The directory or its private key directory can be read by others than its owner.</summary>
    DirectoryTooOpen,

    /// <summary>A private key file is readable or writable by others than its owner.</summary>
    PrivateKeyTooOpen,

    UnreadableCertificate,

    UnreadableKey,

    /// <summary>A private key file without its certificate.</summary>
    KeyWithoutCertificate,

    /// <summary>A private key file that does not belong to the certificate of the same name.</summary>
    KeyDoesNotMatchCertificate,

    CertificateExpired,

    CertificateNotYetValid,
}

/// <summary>One problem found by <see cref="CertificateStoreCheck"/>: its kind, the file, the certificate's name, and a sentence.</summary>
public sealed record StoreProblem(StoreProblemKind Kind, string Path, string? Name, string Message)
{
    public override string ToString() => Message;
}
