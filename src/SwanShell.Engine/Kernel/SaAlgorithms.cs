namespace SwanShell.Engine.Kernel;

/// <summary>
/// The algorithms and keys of an ESP SA, named by their IKEv2 transform IDs (IANA "Transform Type 1/3" numbers),
/// which each back end maps to its own names. For AEAD algorithms the key includes the salt and there is no integrity.
/// </summary>
/// <param name="EncryptionId">IKEv2 encryption transform ID, e.g. 20 = AES-GCM with a 16-octet ICV.</param>
/// <param name="EncryptionKey">Key material, including the 4-octet salt of GCM and ChaCha20-Poly1305.</param>
/// <param name="IntegrityId">IKEv2 integrity transform ID, e.g. 12 = HMAC-SHA2-256-128; null for AEAD.</param>
/// <param name="IntegrityKey">Integrity key, when there is integrity.</param>
public sealed record SaAlgorithms(int EncryptionId, byte[] EncryptionKey, int? IntegrityId = null, byte[]? IntegrityKey = null)
{
    /// <summary>Keys never print.</summary>
    public override string ToString() =>
        $"encryption {EncryptionId} ({EncryptionKey.Length * 8}-bit key){(IntegrityId is { } integrity ? $", integrity {integrity}" : string.Empty)}";
}
