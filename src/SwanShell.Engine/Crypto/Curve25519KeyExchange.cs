using SwanShell.Engine.Crypto.Native;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>Curve25519 (group 31, RFC 8031): X25519 from RFC 7748, 32-byte public values and secret.</summary>
public sealed class Curve25519KeyExchange : MontgomeryCurveKeyExchange
{
    private const int Length = 32;

    public Curve25519KeyExchange()
        : base(LibCrypto.EvpPkeyX25519, Length)
    {
    }

    /// <summary>For known-answer tests: a fixed private scalar.</summary>
    internal Curve25519KeyExchange(ReadOnlySpan<byte> privateKey)
        : base(LibCrypto.EvpPkeyX25519, Length, privateKey)
    {
    }

    public override KeyExchangeTransformId Method => KeyExchangeTransformId.CURVE25519;
}
