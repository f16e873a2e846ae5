using System.Formats.Asn1;
using System.Security.Cryptography;
using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>The object identifiers and DER encodings behind RFC 7427's AlgorithmIdentifiers.</summary>
internal static class SignatureAlgorithmIdentifiers
{
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    public const string Sha256WithRsaEncryption = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsaEncryption = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsaEncryption = "1.2.840.113549.1.1.13";
    public const string RsassaPss = "1.2.840.113549.1.1.10";
    public const string Mgf1 = "1.2.840.113549.1.1.8";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";

    public static string HashOid(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? Sha256 : hash == HashAlgorithmName.SHA384 ? Sha384 : Sha512;

    public static SignatureHashAlgorithm IkeHash(HashAlgorithmName hash) =>
        hash == HashAlgorithmName.SHA256 ? SignatureHashAlgorithm.SHA2_256 : hash == HashAlgorithmName.SHA384 ? SignatureHashAlgorithm.SHA2_384 : SignatureHashAlgorithm.SHA2_512;

    /// <summary>SEQUENCE { algorithm, parameters }, with NULL parameters where the algorithm's RFC asks for them.</summary>
    public static byte[] Encode(string oid, bool nullParameters)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (nullParameters)
            {
                writer.WriteNull();
            }
        }

        return writer.Encode();
    }
}
