using System.Buffers.Binary;
using System.Text;

namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>
/// The kernel's crypto names for the IKEv2 transforms we install, and the payloads of XFRMA_ALG_AEAD
/// (struct xfrm_algo_aead), XFRMA_ALG_CRYPT (struct xfrm_algo) and XFRMA_ALG_AUTH_TRUNC (struct xfrm_algo_auth):
/// a 64-octet NUL-padded name, the key length in bits, for AEAD the ICV length and for integrity the truncation
/// length in bits, then the key.
/// </summary>
/// <param name="IkeId">The IKEv2 transform ID (encryption or integrity, per <paramref name="Attribute"/>).</param>
/// <param name="KernelName">The kernel crypto API template, e.g. "rfc4106(gcm(aes))".</param>
/// <param name="Attribute">Which XFRMA_ALG_* attribute carries it.</param>
/// <param name="Bits">ICV length of an AEAD, truncation length of an integrity algorithm; unused for plain ciphers.</param>
internal sealed record XfrmAlgorithm(int IkeId, string KernelName, ushort Attribute, int Bits)
{
    public const int NameLength = 64;

    public static IReadOnlyList<XfrmAlgorithm> All { get; } =
    [
        new(12, "cbc(aes)", XfrmAttribute.AlgCrypt, 0),
        new(18, "rfc4106(gcm(aes))", XfrmAttribute.AlgAead, 64),
        new(19, "rfc4106(gcm(aes))", XfrmAttribute.AlgAead, 96),
        new(20, "rfc4106(gcm(aes))", XfrmAttribute.AlgAead, 128),
        new(28, "rfc7539esp(chacha20,poly1305)", XfrmAttribute.AlgAead, 128),
        new(2, "hmac(sha1)", XfrmAttribute.AlgAuthTrunc, 96),
        new(12, "hmac(sha256)", XfrmAttribute.AlgAuthTrunc, 128),
        new(13, "hmac(sha384)", XfrmAttribute.AlgAuthTrunc, 192),
        new(14, "hmac(sha512)", XfrmAttribute.AlgAuthTrunc, 256),
    ];

    private bool HasBits => Attribute != XfrmAttribute.AlgCrypt;

    /// <summary>The encryption transform with this IKEv2 ID.</summary>
    public static XfrmAlgorithm Encryption(int ikeId) =>
        All.FirstOrDefault(a => a.IkeId == ikeId && a.Attribute != XfrmAttribute.AlgAuthTrunc)
        ?? throw new KernelException(KernelError.NotSupported, $"IKEv2 encryption transform {ikeId} has no XFRM equivalent here.");

    /// <summary>The integrity transform with this IKEv2 ID.</summary>
    public static XfrmAlgorithm Integrity(int ikeId) =>
        All.FirstOrDefault(a => a.IkeId == ikeId && a.Attribute == XfrmAttribute.AlgAuthTrunc)
        ?? throw new KernelException(KernelError.NotSupported, $"IKEv2 integrity transform {ikeId} has no XFRM equivalent here.");

    /// <summary>The attribute payload for this algorithm with <paramref name="key"/>.</summary>
    public byte[] Encode(ReadOnlySpan<byte> key)
    {
        var header = NameLength + (HasBits ? 8 : 4);
        var payload = new byte[header + key.Length];
        Encoding.ASCII.GetBytes(KernelName, payload);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(NameLength), (uint)key.Length * 8);
        if (HasBits)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(NameLength + 4), (uint)Bits);
        }

        key.CopyTo(payload.AsSpan(header));
        return payload;
    }

    /// <summary>The algorithm and key of an XFRMA_ALG_* attribute the kernel reported.</summary>
    public static (XfrmAlgorithm Algorithm, byte[] Key) Decode(ushort attribute, ReadOnlySpan<byte> payload)
    {
        var name = Encoding.ASCII.GetString(payload[..NameLength].TrimEnd((byte)0));
        var keyBits = (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[NameLength..]);
        var hasBits = attribute != XfrmAttribute.AlgCrypt;
        var bits = hasBits ? (int)BinaryPrimitives.ReadUInt32LittleEndian(payload[(NameLength + 4)..]) : 0;
        var algorithm = All.FirstOrDefault(a => a.Attribute == attribute && a.KernelName == name && a.Bits == bits)
            ?? throw new KernelException(KernelError.NotSupported, $"The kernel reports the algorithm {name} ({bits}-bit), which SwanShell does not use.");
        var keyStart = NameLength + (hasBits ? 8 : 4);
        return (algorithm, payload.Slice(keyStart, keyBits / 8).ToArray());
    }
}
