using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Numerics;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// Finds the <see cref="ISignatureAlgorithm"/> an AlgorithmIdentifier from a peer's AUTH payload names. Peers differ in
/// DER details (NULL hash parameters or none, trailerField or not), so this reads the structure rather than comparing
/// bytes; anything we would not produce ourselves (SHA-1, other salts, MGF1 over another hash) is refused.
/// </summary>
public static class SignatureAlgorithmParser
{
    private static readonly ISignatureAlgorithm[] Algorithms =
    [
        EcdsaSignature.Sha256, EcdsaSignature.Sha384, EcdsaSignature.Sha512,
        RsaPkcs1Signature.Sha256, RsaPkcs1Signature.Sha384, RsaPkcs1Signature.Sha512,
        RsaPssSignature.Sha256, RsaPssSignature.Sha384, RsaPssSignature.Sha512,
    ];

    public static IReadOnlyList<ISignatureAlgorithm> Supported => Algorithms;

    public static bool TryParse(ReadOnlySpan<byte> algorithmIdentifier, [NotNullWhen(true)] out ISignatureAlgorithm? algorithm)
    {
        algorithm = null;
        try
        {
            var outer = new AsnReader(algorithmIdentifier.ToArray(), AsnEncodingRules.DER);
            var sequence = outer.ReadSequence();
            outer.ThrowIfNotEmpty();
            var oid = sequence.ReadObjectIdentifier();
            algorithm = oid == SignatureAlgorithmIdentifiers.RsassaPss
                ? ReadPss(sequence)
                : Algorithms.FirstOrDefault(a => a switch
                {
                    EcdsaSignature ecdsa => ecdsa.Oid == oid && !sequence.HasData,
                    RsaPkcs1Signature rsa => rsa.Oid == oid && OptionalNull(sequence),
                    _ => false,
                });
        }
        catch (AsnContentException)
        {
            algorithm = null;
        }

        return algorithm is not null;
    }

    private static RsaPssSignature? ReadPss(AsnReader algorithm)
    {
        var parameters = algorithm.ReadSequence();
        algorithm.ThrowIfNotEmpty();
        var hash = ReadHash(parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)));
        var mgf = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 1));
        var mgfAlgorithm = mgf.ReadSequence();
        mgf.ThrowIfNotEmpty();
        var mgfOid = mgfAlgorithm.ReadObjectIdentifier();
        var mgfHash = ReadHash(mgfAlgorithm);
        var saltReader = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 2));
        var salt = saltReader.ReadInteger();
        saltReader.ThrowIfNotEmpty();
        if (parameters.HasData)
        {
            var trailer = parameters.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 3));
            if (trailer.ReadInteger() != BigInteger.One)
            {
                return null;
            }

            trailer.ThrowIfNotEmpty();
        }

        parameters.ThrowIfNotEmpty();
        return mgfOid == SignatureAlgorithmIdentifiers.Mgf1 && mgfHash == hash
            ? new[] { RsaPssSignature.Sha256, RsaPssSignature.Sha384, RsaPssSignature.Sha512 }
                .FirstOrDefault(p => p.HashOid == hash && p.SaltLength == salt)
            : null;
    }

    /// <summary>The OID of a hash AlgorithmIdentifier whose parameters are NULL or absent; the reader holds just that.</summary>
    private static string ReadHash(AsnReader reader)
    {
        var sequence = reader.HasData && reader.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence) ? reader.ReadSequence() : reader;
        var oid = sequence.ReadObjectIdentifier();
        if (!OptionalNull(sequence))
        {
            throw new AsnContentException("hash parameters other than NULL");
        }

        return oid;
    }

    private static bool OptionalNull(AsnReader reader)
    {
        if (reader.HasData)
        {
            reader.ReadNull();
        }

        return !reader.HasData;
    }
}
