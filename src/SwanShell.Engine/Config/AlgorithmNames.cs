using System.Collections.Frozen;
using System.Text;

namespace SwanShell.Engine.Config;

/// <summary>
/// libreswan's algorithm names for <c>ike=</c>/<c>esp=</c> and the IANA transforms they stand for. The first
/// name listed for a transform is the one SwanShell writes.
/// </summary>
internal static class AlgorithmNames
{
    private static readonly (EncryptionAlgorithm Value, string[] Names)[] EncryptionTable =
    [
        (EncryptionAlgorithm.AesCbc, ["aes_cbc", "aes"]),
        (EncryptionAlgorithm.AesCtr, ["aes_ctr", "aesctr"]),
        (EncryptionAlgorithm.AesGcm16, ["aes_gcm_16", "aes_gcm", "aes_gcm_c"]),
        (EncryptionAlgorithm.AesGcm12, ["aes_gcm_12", "aes_gcm_b"]),
        (EncryptionAlgorithm.AesGcm8, ["aes_gcm_8", "aes_gcm_a"]),
        (EncryptionAlgorithm.AesCcm16, ["aes_ccm_16", "aes_ccm", "aes_ccm_c"]),
        (EncryptionAlgorithm.AesCcm12, ["aes_ccm_12", "aes_ccm_b"]),
        (EncryptionAlgorithm.AesCcm8, ["aes_ccm_8", "aes_ccm_a"]),
        (EncryptionAlgorithm.ChaCha20Poly1305, ["chacha20_poly1305", "chacha20poly1305"]),
        (EncryptionAlgorithm.CamelliaCbc, ["camellia_cbc", "camellia"]),
        (EncryptionAlgorithm.Des3, ["3des", "3des_cbc"]),
        (EncryptionAlgorithm.NullAuthAesGmac, ["null_auth_aes_gmac", "aes_gmac"]),
        (EncryptionAlgorithm.Null, ["null"]),
    ];

    public static readonly FrozenDictionary<string, EncryptionAlgorithm> Encryption = ByName(EncryptionTable);

    private static readonly FrozenDictionary<EncryptionAlgorithm, string> EncryptionWritten = ByValue(EncryptionTable);

    private static readonly (PseudorandomFunction Value, string[] Names)[] PrfTable =
    [
        (PseudorandomFunction.HmacSha2_256, ["sha2_256", "sha2", "sha256"]),
        (PseudorandomFunction.HmacSha2_384, ["sha2_384", "sha384"]),
        (PseudorandomFunction.HmacSha2_512, ["sha2_512", "sha512"]),
        (PseudorandomFunction.HmacSha1, ["sha1", "sha"]),
        (PseudorandomFunction.AesXcbc128, ["aes_xcbc", "aes128_xcbc"]),
        (PseudorandomFunction.Aes128Cmac, ["aes_cmac"]),
    ];

    public static readonly FrozenDictionary<string, PseudorandomFunction> Prf = ByName(PrfTable);

    private static readonly FrozenDictionary<PseudorandomFunction, string> PrfWritten = ByValue(PrfTable);

    private static readonly (IntegrityAlgorithm Value, string[] Names)[] IntegrityTable =
    [
        (IntegrityAlgorithm.HmacSha2_256_128, ["sha2_256_128", "sha2", "sha2_256", "sha256"]),
        (IntegrityAlgorithm.HmacSha2_384_192, ["sha2_384_192", "sha2_384", "sha384"]),
        (IntegrityAlgorithm.HmacSha2_512_256, ["sha2_512_256", "sha2_512", "sha512"]),
        (IntegrityAlgorithm.HmacSha1_96, ["sha1_96", "sha1", "sha"]),
        (IntegrityAlgorithm.AesXcbc96, ["aes_xcbc_96", "aes_xcbc"]),
        (IntegrityAlgorithm.AesCmac96, ["aes_cmac_96", "aes_cmac"]),
        (IntegrityAlgorithm.None, ["none", "null"]),
    ];

    public static readonly FrozenDictionary<string, IntegrityAlgorithm> Integrity = ByName(IntegrityTable);

    private static readonly FrozenDictionary<IntegrityAlgorithm, string> IntegrityWritten = ByValue(IntegrityTable);

    private static readonly (KeyExchangeMethod Value, string[] Names)[] KeyExchangeTable =
    [
        (KeyExchangeMethod.Modp2048, ["modp2048", "dh14"]),
        (KeyExchangeMethod.Modp3072, ["modp3072", "dh15"]),
        (KeyExchangeMethod.Modp4096, ["modp4096", "dh16"]),
        (KeyExchangeMethod.Modp6144, ["modp6144", "dh17"]),
        (KeyExchangeMethod.Modp8192, ["modp8192", "dh18"]),
        (KeyExchangeMethod.Ecp256, ["dh19", "ecp256", "ecp_256"]),
        (KeyExchangeMethod.Ecp384, ["dh20", "ecp384", "ecp_384"]),
        (KeyExchangeMethod.Ecp521, ["dh21", "ecp521", "ecp_521"]),
        (KeyExchangeMethod.Curve25519, ["dh31", "curve25519", "x25519"]),
        (KeyExchangeMethod.Curve448, ["dh32", "curve448", "x448"]),
        (KeyExchangeMethod.MlKem512, ["ml_kem_512", "mlkem512"]),
        (KeyExchangeMethod.MlKem768, ["ml_kem_768", "mlkem768"]),
        (KeyExchangeMethod.MlKem1024, ["ml_kem_1024", "mlkem1024"]),
        (KeyExchangeMethod.None, ["none"]),
    ];

    public static readonly FrozenDictionary<string, KeyExchangeMethod> KeyExchange = ByName(KeyExchangeTable);

    private static readonly FrozenDictionary<KeyExchangeMethod, string> KeyExchangeWritten = ByValue(KeyExchangeTable);

    /// <summary>Names libreswan knows but that are too weak to use; SwanShell refuses them by name.</summary>
    public static readonly FrozenSet<string> Refused = FrozenSet.ToFrozenSet(["md5", "modp768", "modp1024", "modp1536", "dh1", "dh2", "dh5", "des", "sha1_96_md5"], StringComparer.Ordinal);

    /// <summary>Every name of a transform type in table order (preferred names first), for "did you mean".</summary>
    public static IEnumerable<string> EncryptionNames => EncryptionTable.SelectMany(entry => entry.Names);

    public static IEnumerable<string> PrfNames => PrfTable.SelectMany(entry => entry.Names);

    public static IEnumerable<string> IntegrityNames => IntegrityTable.SelectMany(entry => entry.Names);

    public static IEnumerable<string> KeyExchangeNames => KeyExchangeTable.SelectMany(entry => entry.Names);

    public static bool IsAead(EncryptionAlgorithm algorithm) => algorithm is
        EncryptionAlgorithm.AesGcm8 or EncryptionAlgorithm.AesGcm12 or EncryptionAlgorithm.AesGcm16 or
        EncryptionAlgorithm.AesCcm8 or EncryptionAlgorithm.AesCcm12 or EncryptionAlgorithm.AesCcm16 or
        EncryptionAlgorithm.ChaCha20Poly1305 or EncryptionAlgorithm.NullAuthAesGmac;

    /// <summary>Key lengths a cipher accepts; empty for fixed-length ones (3DES, ChaCha20-Poly1305, NULL).</summary>
    public static int[] KeyLengths(EncryptionAlgorithm algorithm) => algorithm switch
    {
        EncryptionAlgorithm.Des3 or EncryptionAlgorithm.ChaCha20Poly1305 or EncryptionAlgorithm.Null => [],
        _ => [128, 192, 256],
    };

    public static bool IsPostQuantum(KeyExchangeMethod method) => method is KeyExchangeMethod.MlKem512 or KeyExchangeMethod.MlKem768 or KeyExchangeMethod.MlKem1024;

    public static string Name(EncryptionAlgorithm algorithm) => EncryptionWritten[algorithm];

    public static string Name(PseudorandomFunction prf) => PrfWritten[prf];

    public static string Name(IntegrityAlgorithm integrity) => IntegrityWritten[integrity];

    public static string Name(KeyExchangeMethod method) => KeyExchangeWritten[method];

    /// <summary>Writes a proposal in the syntax <see cref="ProposalParser"/> reads: <c>ENCR-PRF-INTEG;KE;addke1=…</c>.</summary>
    public static string Format(Proposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var text = new StringBuilder();
        text.AppendJoin('+', proposal.Encryption.Select(e => e.KeyLength is { } bits ? $"{Name(e.Algorithm)}_{bits}" : Name(e.Algorithm)));
        if (proposal.PseudorandomFunctions.Count > 0)
        {
            text.Append('-').AppendJoin('+', proposal.PseudorandomFunctions.Select(Name));
        }

        if (proposal.Integrity.Count > 0)
        {
            text.Append('-').AppendJoin('+', proposal.Integrity.Select(Name));
        }

        if (proposal.KeyExchange.Count > 0)
        {
            text.Append(';').AppendJoin('+', proposal.KeyExchange.Select(Name));
        }

        for (var i = 0; i < proposal.AdditionalKeyExchanges.Count; i++)
        {
            text.Append(";addke").Append(i + 1).Append('=').AppendJoin('+', proposal.AdditionalKeyExchanges[i].Select(Name));
        }

        return text.ToString();
    }

    private static FrozenDictionary<string, T> ByName<T>((T Value, string[] Names)[] table)
        where T : struct, Enum =>
        table.SelectMany(entry => entry.Names.Select(name => (Name: name, entry.Value))).ToFrozenDictionary(pair => pair.Name, pair => pair.Value, StringComparer.Ordinal);

    private static FrozenDictionary<T, string> ByValue<T>((T Value, string[] Names)[] table)
        where T : struct, Enum =>
        table.ToFrozenDictionary(entry => entry.Value, entry => entry.Names[0]);
}
