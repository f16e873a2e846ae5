namespace SwanShell.Engine.Certificates;

/// <summary>
/// A certificate store operation failed. Messages name stores, files and certificates, never key material
/// or passwords: the exceptions of the crypto library underneath are not passed on as inner exceptions.
/// </summary>
public sealed class CertificateStoreException(CertificateStoreError error, string message, string? target = null) : Exception(message)
{
    public CertificateStoreError Error { get; } = error;

    /// <summary>The store, file or certificate name the error is about.</summary>
    public string? Target { get; } = target;
}
