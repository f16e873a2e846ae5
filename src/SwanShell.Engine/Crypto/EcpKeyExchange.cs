using System.Security.Cryptography;
using SwanShell.Engine.Crypto.Native;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// NIST prime curves, groups 19/20/21 (RFC 5903): the public value is x || y, each zero-padded to the field size;
/// the shared secret is the x coordinate alone (RFC 5903 §7, as corrected by its errata). libcrypto's EVP_PKEY
/// directly: .NET's ECDiffieHellman cost several times the curve arithmetic in key objects, parameter exports and
/// imports per exchange. Importing the peer's point checks that it lies on the curve (RFC 6989 §2.3); these curves
/// have cofactor 1, so that is the whole check.
/// </summary>
public sealed unsafe class EcpKeyExchange : DiffieHellmanKeyExchange
{
    private const byte Uncompressed = 0x04;

    private readonly EvpPkeyHandle _key;
    private readonly byte[] _groupName;
    private readonly int _fieldLength;

    public EcpKeyExchange(KeyExchangeTransformId method)
        : this(method, parameters: null)
    {
    }

    /// <summary>For known-answer tests: a fixed key pair (D and Q).</summary>
    internal EcpKeyExchange(KeyExchangeTransformId method, ECParameters? parameters)
    {
        (_groupName, _fieldLength) = method switch
        {
            KeyExchangeTransformId.ECP_256 => ("P-256\0"u8.ToArray(), 32),
            KeyExchangeTransformId.ECP_384 => ("P-384\0"u8.ToArray(), 48),
            KeyExchangeTransformId.ECP_521 => ("P-521\0"u8.ToArray(), 66),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not an ECP group"),
        };
        Method = method;
        _key = parameters is { } p ? ImportKeyPair(p) : GenerateKey();

        Span<byte> point = stackalloc byte[1 + (2 * _fieldLength)];
        nuint length;
        fixed (byte* output = point)
        {
            LibCrypto.Check(LibCrypto.EvpPkeyGetOctetStringParam(_key, PubName, output, (nuint)point.Length, &length), "EVP_PKEY_get_octet_string_param");
        }

        PublicValue = point[1..].ToArray();
    }

    public override KeyExchangeTransformId Method { get; }

    public override byte[] PublicValue { get; }

    public override byte[] Agree(ReadOnlySpan<byte> peerPublicValue)
    {
        CheckLength(peerPublicValue, 2 * _fieldLength);
        Span<byte> point = stackalloc byte[1 + peerPublicValue.Length];
        point[0] = Uncompressed;
        peerPublicValue.CopyTo(point[1..]);

        EvpPkeyHandle peer;
        try
        {
            fixed (byte* group = _groupName)
            fixed (byte* value = point)
            {
                var parameters = stackalloc LibCrypto.OsslParam[3];
                parameters[0] = Group(group);
                parameters[1] = LibCrypto.OsslParam.Of(PubName, LibCrypto.ParamOctetString, value, point.Length);
                parameters[2] = default;
                peer = FromData(LibCrypto.SelectPublicKey, parameters);
            }
        }
        catch (CryptographicException e)
        {
            throw new IkeProtocolException($"the {Method} public value is not a point on the curve", e);
        }

        using (peer)
        {
            var secret = new byte[_fieldLength];
            return LibCrypto.TryDerive(_key, peer, secret) ? secret : throw LibCrypto.Failure($"{Method} EVP_PKEY_derive");
        }
    }

    protected override void Dispose(bool disposing)
    {
        _key.Dispose();
        base.Dispose(disposing);
    }

    private static byte* PubName => LibCrypto.Literal("pub\0"u8);

    // A UTF-8 OSSL_PARAM's size leaves out the NUL that _groupName ends with.
    private LibCrypto.OsslParam Group(byte* group) =>
        LibCrypto.OsslParam.Of(LibCrypto.Literal("group\0"u8), LibCrypto.ParamUtf8String, group, _groupName.Length - 1);

    private EvpPkeyHandle GenerateKey()
    {
        using var context = NewEcContext();
        LibCrypto.Check(LibCrypto.EvpPkeyKeygenInit(context), "EVP_PKEY_keygen_init");
        fixed (byte* group = _groupName)
        {
            LibCrypto.Check(LibCrypto.EvpPkeyCtxSetGroupName(context, group), "EVP_PKEY_CTX_set_group_name");
        }

        return LibCrypto.GenerateKey(context);
    }

    private EvpPkeyHandle ImportKeyPair(ECParameters parameters)
    {
        // OSSL_PARAM integers are in native byte order; ECParameters holds D big-endian.
        var d = (byte[])parameters.D!.Clone();
        Array.Reverse(d);
        byte[] point = [Uncompressed, .. parameters.Q.X!, .. parameters.Q.Y!];
        try
        {
            fixed (byte* group = _groupName)
            fixed (byte* privateKey = d)
            fixed (byte* publicKey = point)
            {
                var values = stackalloc LibCrypto.OsslParam[4];
                values[0] = Group(group);
                values[1] = LibCrypto.OsslParam.Of(LibCrypto.Literal("priv\0"u8), LibCrypto.ParamUnsignedInteger, privateKey, d.Length);
                values[2] = LibCrypto.OsslParam.Of(PubName, LibCrypto.ParamOctetString, publicKey, point.Length);
                values[3] = default;
                return FromData(LibCrypto.SelectKeyPair, values);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(d);
        }
    }

    private static EvpPkeyHandle FromData(int selection, LibCrypto.OsslParam* parameters)
    {
        using var context = NewEcContext();
        LibCrypto.Check(LibCrypto.EvpPkeyFromdataInit(context), "EVP_PKEY_fromdata_init");
        return LibCrypto.KeyFromData(context, selection, parameters);
    }

    private static EvpPkeyContextHandle NewEcContext()
    {
        return LibCrypto.Check(LibCrypto.EvpPkeyCtxNewFromName(0, LibCrypto.Literal("EC\0"u8), null), "EVP_PKEY_CTX_new_from_name");
    }
}
