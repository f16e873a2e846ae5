using SwanShell.Engine.Crypto.Native;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// X25519 and X448 (RFC 7748) through libcrypto's EVP_PKEY with raw keys: public values and the shared secret are
/// the RFC's little-endian u-coordinates as IKE carries them (RFC 8031 §3). The private key never leaves libcrypto,
/// which clears it when the key is freed.
/// </summary>
public abstract unsafe class MontgomeryCurveKeyExchange : DiffieHellmanKeyExchange
{
    private readonly EvpPkeyHandle _key;
    private readonly int _type;
    private readonly int _length;

    private protected MontgomeryCurveKeyExchange(int type, int length)
    {
        _type = type;
        _length = length;
        using (var context = LibCrypto.Check(LibCrypto.EvpPkeyCtxNewId(type, 0), "EVP_PKEY_CTX_new_id"))
        {
            LibCrypto.Check(LibCrypto.EvpPkeyKeygenInit(context), "EVP_PKEY_keygen_init");
            _key = LibCrypto.GenerateKey(context);
        }

        PublicValue = RawPublicKey();
    }

    /// <summary>For known-answer tests: a fixed private scalar.</summary>
    private protected MontgomeryCurveKeyExchange(int type, int length, ReadOnlySpan<byte> privateKey)
    {
        _type = type;
        _length = length;
        fixed (byte* scalar = privateKey)
        {
            _key = LibCrypto.Check(LibCrypto.EvpPkeyNewRawPrivateKey(type, 0, scalar, (nuint)privateKey.Length), "EVP_PKEY_new_raw_private_key");
        }

        PublicValue = RawPublicKey();
    }

    public override byte[] PublicValue { get; }

    public override byte[] Agree(ReadOnlySpan<byte> peerPublicValue)
    {
        CheckLength(peerPublicValue, _length);
        EvpPkeyHandle peer;
        fixed (byte* value = peerPublicValue)
        {
            peer = LibCrypto.Check(LibCrypto.EvpPkeyNewRawPublicKey(_type, 0, value, (nuint)_length), "EVP_PKEY_new_raw_public_key");
        }

        using (peer)
        {
            // Any 32 or 56 bytes are a u-coordinate (RFC 7748 §5): there is nothing to check before the derive.
            var secret = new byte[_length];
            if (!LibCrypto.TryDerive(_key, peer, secret))
            {
                // RFC 8031 §2: an all-zero result, from a low-order point, must fail the exchange; libcrypto refuses to
                // derive it.
                LibCrypto.ErrClearError();
                throw IkeProtocolException.InvalidSyntax($"the {Method} public value is a low-order point");
            }

            return secret;
        }
    }

    protected override void Dispose(bool disposing)
    {
        _key.Dispose();
        base.Dispose(disposing);
    }

    private byte[] RawPublicKey()
    {
        var value = new byte[_length];
        var length = (nuint)_length;
        fixed (byte* output = value)
        {
            LibCrypto.Check(LibCrypto.EvpPkeyGetRawPublicKey(_key, output, &length), "EVP_PKEY_get_raw_public_key");
        }

        return value;
    }
}
