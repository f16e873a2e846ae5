using SwanShell.Engine.Crypto.Native;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>Curve448 (group 32, RFC 8031): X448 from RFC 7748, 56-byte public values and secret.</summary>
public sealed class Curve448KeyExchange : MontgomeryCurveKeyExchange
{
    private const int Length = 56;

    public Curve448KeyExchange()
        : base(LibCrypto.EvpPkeyX448, Length)
    {
    }

    /// <summary>For known-answer tests: a fixed private scalar.</summary>
    internal Curve448KeyExchange(ReadOnlySpan<byte> privateKey)
        : base(LibCrypto.EvpPkeyX448, Length, privateKey)
    {
    }

    public override KeyExchangeTransformId Method => KeyExchangeTransformId.CURVE448;
}
