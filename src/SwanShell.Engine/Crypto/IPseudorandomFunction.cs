using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>An IKEv2 prf (transform type 2). Stateless: the key changes with almost every call in the key schedule.</summary>
public interface IPseudorandomFunction
{
    PrfTransformId Id { get; }

    /// <summary>Bytes of output; also the length of SK_d, SK_pi and SK_pr (RFC 7296 §2.13).</summary>
    int OutputLength { get; }

    /// <summary>prf(key, data) into the first <see cref="OutputLength"/> bytes of <paramref name="destination"/>.</summary>
    void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination);
}
