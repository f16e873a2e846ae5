namespace SwanShell.Engine.Ike;

/// <summary>IKEv2 Hash Algorithms, as listed in the SIGNATURE_HASH_ALGORITHMS notify (RFC 7427 §4, IANA).</summary>
public enum SignatureHashAlgorithm : ushort
{
    SHA1 = 1,
    SHA2_256 = 2,
    SHA2_384 = 3,
    SHA2_512 = 4,
    IDENTITY = 5,
}
