using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// NIST prime curves, groups 19/20/21 (RFC 5903): the public value is x || y, each zero-padded to the field size;
/// the shared secret is the x coordinate alone (RFC 5903 §7, as corrected by its errata). .NET's ECDiffieHellman
/// over OpenSSL; importing the peer's point checks that it lies on the curve (RFC 6989).
/// </summary>
public sealed class EcpKeyExchange : DiffieHellmanKeyExchange
{
    private readonly ECDiffieHellman _key;
    private readonly ECCurve _curve;
    private readonly int _fieldLength;

    public EcpKeyExchange(KeyExchangeTransformId method)
        : this(method, parameters: null)
    {
    }

    /// <summary>For known-answer tests: a fixed key pair (D and Q).</summary>
    internal EcpKeyExchange(KeyExchangeTransformId method, ECParameters? parameters)
    {
        (_curve, _fieldLength) = method switch
        {
            KeyExchangeTransformId.ECP_256 => (ECCurve.NamedCurves.nistP256, 32),
            KeyExchangeTransformId.ECP_384 => (ECCurve.NamedCurves.nistP384, 48),
            KeyExchangeTransformId.ECP_521 => (ECCurve.NamedCurves.nistP521, 66),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "not an ECP group"),
        };
        Method = method;
        _key = parameters is { } p ? ECDiffieHellman.Create(p) : ECDiffieHellman.Create(_curve);
        var q = _key.ExportParameters(includePrivateParameters: false).Q;
        PublicValue = [.. q.X!, .. q.Y!];
    }

    public override KeyExchangeTransformId Method { get; }

    public override byte[] PublicValue { get; }

    public override byte[] Agree(ReadOnlySpan<byte> peerPublicValue)
    {
        CheckLength(peerPublicValue, 2 * _fieldLength);
        ECDiffieHellman peer;
        try
        {
            peer = ECDiffieHellman.Create(new ECParameters
            {
                Curve = _curve,
                Q = new ECPoint { X = peerPublicValue[.._fieldLength].ToArray(), Y = peerPublicValue[_fieldLength..].ToArray() },
            });
        }
        catch (CryptographicException e)
        {
            throw new IkeProtocolException($"the {Method} public value is not a point on the curve", e);
        }

        using (peer)
        using (var peerPublicKey = peer.PublicKey)
        {
            return _key.DeriveRawSecretAgreement(peerPublicKey);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _key.Dispose();
        base.Dispose(disposing);
    }
}
