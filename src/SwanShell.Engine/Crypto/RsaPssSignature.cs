using System.Formats.Asn1;
using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// RSASSA-PSS (RFC 8017) in an RFC 7427 AUTH payload, with MGF1 over the same hash and a salt as long as the hash,
/// which is what .NET produces. The parameters are written as RFC 7427 Appendix A.4.3 shows them (trailerField
/// included); on receipt any DER form of these same parameters is accepted.
/// </summary>
public sealed class RsaPssSignature : ISignatureAlgorithm
{
    public static readonly RsaPssSignature Sha256 = new(HashAlgorithmName.SHA256, 32);
    public static readonly RsaPssSignature Sha384 = new(HashAlgorithmName.SHA384, 48);
    public static readonly RsaPssSignature Sha512 = new(HashAlgorithmName.SHA512, 64);

    private readonly HashAlgorithmName _hash;

    private RsaPssSignature(HashAlgorithmName hash, int saltLength)
    {
        _hash = hash;
        SaltLength = saltLength;
        AlgorithmIdentifier = Encode(SignatureAlgorithmIdentifiers.HashOid(hash), saltLength);
    }

    public ReadOnlyMemory<byte> AlgorithmIdentifier { get; }

    public SignatureHashAlgorithm Hash => SignatureAlgorithmIdentifiers.IkeHash(_hash);

    internal string HashOid => SignatureAlgorithmIdentifiers.HashOid(_hash);

    internal int SaltLength { get; }

    public bool CanUse(AsymmetricAlgorithm key) => key is RSA;

    public byte[] Sign(AsymmetricAlgorithm privateKey, ReadOnlySpan<byte> data) =>
        ((RSA)privateKey).SignData(data.ToArray(), _hash, RSASignaturePadding.Pss);

    public bool Verify(AsymmetricAlgorithm publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature) =>
        publicKey is RSA rsa && rsa.VerifyData(data, signature, _hash, RSASignaturePadding.Pss);

    public override string ToString() => $"RSA-PSS-{_hash.Name}";

    // RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0], maskGenAlgorithm [1], saltLength [2], trailerField [3] } (RFC 4055 §3.1)
    private static byte[] Encode(string hashOid, int saltLength)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignatureAlgorithmIdentifiers.RsassaPss);
            using (writer.PushSequence())
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    WriteHash(writer, hashOid);
                }

                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1)))
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(SignatureAlgorithmIdentifiers.Mgf1);
                    WriteHash(writer, hashOid);
                }

                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2)))
                {
                    writer.WriteInteger(saltLength);
                }

                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3)))
                {
                    writer.WriteInteger(1);
                }
            }
        }

        return writer.Encode();
    }

    private static void WriteHash(AsnWriter writer, string hashOid)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(hashOid);
            writer.WriteNull();
        }
    }
}
