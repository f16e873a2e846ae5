using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>An integrity algorithm (transform type 3) for SK payloads of non-AEAD IKE SAs.</summary>
public interface IIntegrityAlgorithm
{
    IntegrityTransformId Id { get; }

    /// <summary>Bytes of key (SK_ai, SK_ar, and each integrity key of KEYMAT).</summary>
    int KeyLength { get; }

    /// <summary>Bytes of the (truncated) Integrity Checksum Data.</summary>
    int IcvLength { get; }

    void ComputeIcv(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> icv);

    /// <summary>Compares in constant time, so the position of a mismatch does not leak.</summary>
    bool VerifyIcv(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, ReadOnlySpan<byte> icv);
}
