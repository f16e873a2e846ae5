using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SwanShell.Engine.Crypto.Native;

/// <summary>
/// The libcrypto calls .NET 10 has no API for: X25519/X448 (no X25519DiffieHellman before .NET 11), finite-field
/// Diffie-Hellman, and ECDH without .NET's per-call key object, parameter export and import. libcrypto.so.3 is the
/// library .NET's own System.Security.Cryptography.Native shim loads on Linux, so this is the same OpenSSL.
/// </summary>
internal static unsafe partial class LibCrypto
{
    private const string Library = "libcrypto.so.3";

    public const int EvpPkeyX25519 = 1034;
    public const int EvpPkeyX448 = 1035;

    /// <summary>EVP_PKEY_PUBLIC_KEY and EVP_PKEY_KEYPAIR: selections for EVP_PKEY_fromdata.</summary>
    public const int SelectPublicKey = 0x86;
    public const int SelectKeyPair = 0x87;

    public const uint ParamUnsignedInteger = 2;
    public const uint ParamUtf8String = 4;
    public const uint ParamOctetString = 5;

    /// <summary>OSSL_PARAM: one named value of an EVP_PKEY_fromdata array, which a zeroed entry ends.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct OsslParam
    {
        public byte* Key;
        public uint DataType;
        public void* Data;
        public nuint DataSize;
        public nuint ReturnSize;

        public static OsslParam Of(byte* key, uint dataType, void* data, int dataSize) =>
            new() { Key = key, DataType = dataType, Data = data, DataSize = (nuint)dataSize, ReturnSize = nuint.MaxValue };
    }

    /// <summary>
    /// A C string from a NUL-terminated u8 literal ("name\0"u8): a literal's bytes live in the assembly image, which the
    /// GC never moves, so the pointer needs no pinning.
    /// </summary>
    public static byte* Literal(ReadOnlySpan<byte> nulTerminatedLiteral) =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(nulTerminatedLiteral));

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_new_id")]
    public static partial EvpPkeyContextHandle EvpPkeyCtxNewId(int id, nint engine);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_new_from_name")]
    public static partial EvpPkeyContextHandle EvpPkeyCtxNewFromName(nint libraryContext, byte* name, byte* propertyQuery);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_new_from_pkey")]
    public static partial EvpPkeyContextHandle EvpPkeyCtxNewFromPkey(nint libraryContext, EvpPkeyHandle key, byte* propertyQuery);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_free")]
    public static partial void EvpPkeyCtxFree(nint context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_CTX_set_group_name")]
    public static partial int EvpPkeyCtxSetGroupName(EvpPkeyContextHandle context, byte* name);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_keygen_init")]
    public static partial int EvpPkeyKeygenInit(EvpPkeyContextHandle context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_keygen")]
    public static partial int EvpPkeyKeygen(EvpPkeyContextHandle context, nint* key);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_fromdata_init")]
    public static partial int EvpPkeyFromdataInit(EvpPkeyContextHandle context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_fromdata")]
    public static partial int EvpPkeyFromdata(EvpPkeyContextHandle context, nint* key, int selection, OsslParam* parameters);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_private_key")]
    public static partial EvpPkeyHandle EvpPkeyNewRawPrivateKey(int type, nint engine, byte* key, nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_new_raw_public_key")]
    public static partial EvpPkeyHandle EvpPkeyNewRawPublicKey(int type, nint engine, byte* key, nuint length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_raw_public_key")]
    public static partial int EvpPkeyGetRawPublicKey(EvpPkeyHandle key, byte* buffer, nuint* length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_get_octet_string_param")]
    public static partial int EvpPkeyGetOctetStringParam(EvpPkeyHandle key, byte* name, byte* buffer, nuint bufferSize, nuint* length);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_free")]
    public static partial void EvpPkeyFree(nint key);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_init")]
    public static partial int EvpPkeyDeriveInit(EvpPkeyContextHandle context);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive_set_peer_ex")]
    public static partial int EvpPkeyDeriveSetPeerEx(EvpPkeyContextHandle context, EvpPkeyHandle peer, int validatePeer);

    [LibraryImport(Library, EntryPoint = "EVP_PKEY_derive")]
    public static partial int EvpPkeyDerive(EvpPkeyContextHandle context, byte* secret, nuint* length);

    [LibraryImport(Library, EntryPoint = "BN_new")]
    public static partial BignumHandle BnNew();

    [LibraryImport(Library, EntryPoint = "BN_secure_new")]
    public static partial BignumHandle BnSecureNew();

    [LibraryImport(Library, EntryPoint = "BN_clear_free")]
    public static partial void BnClearFree(nint number);

    [LibraryImport(Library, EntryPoint = "BN_set_word")]
    public static partial int BnSetWord(BignumHandle number, nuint word);

    [LibraryImport(Library, EntryPoint = "BN_bin2bn")]
    public static partial nint BnBin2Bn(byte* bigEndian, int length, BignumHandle into);

    [LibraryImport(Library, EntryPoint = "BN_bn2binpad")]
    public static partial int BnBn2BinPad(BignumHandle number, byte* bigEndian, int length);

    [LibraryImport(Library, EntryPoint = "BN_num_bits")]
    public static partial int BnNumBits(BignumHandle number);

    [LibraryImport(Library, EntryPoint = "BN_priv_rand")]
    public static partial int BnPrivRand(BignumHandle number, int bits, int top, int bottom);

    [LibraryImport(Library, EntryPoint = "BN_get_rfc3526_prime_2048")]
    public static partial nint BnGetRfc3526Prime2048(BignumHandle into);

    [LibraryImport(Library, EntryPoint = "BN_get_rfc3526_prime_3072")]
    public static partial nint BnGetRfc3526Prime3072(BignumHandle into);

    [LibraryImport(Library, EntryPoint = "BN_get_rfc3526_prime_4096")]
    public static partial nint BnGetRfc3526Prime4096(BignumHandle into);

    [LibraryImport(Library, EntryPoint = "BN_mod_exp_mont_consttime")]
    public static partial int BnModExpMontConsttime(BignumHandle result, BignumHandle baseValue, BignumHandle exponent, BignumHandle modulus, BignumContextHandle context, MontgomeryContextHandle montgomery);

    [LibraryImport(Library, EntryPoint = "BN_CTX_secure_new")]
    public static partial BignumContextHandle BnCtxSecureNew();

    [LibraryImport(Library, EntryPoint = "BN_CTX_free")]
    public static partial void BnCtxFree(nint context);

    [LibraryImport(Library, EntryPoint = "BN_MONT_CTX_new")]
    public static partial MontgomeryContextHandle BnMontCtxNew();

    [LibraryImport(Library, EntryPoint = "BN_MONT_CTX_set")]
    public static partial int BnMontCtxSet(MontgomeryContextHandle montgomery, BignumHandle modulus, BignumContextHandle context);

    [LibraryImport(Library, EntryPoint = "BN_MONT_CTX_free")]
    public static partial void BnMontCtxFree(nint montgomery);

    [LibraryImport(Library, EntryPoint = "ERR_get_error")]
    private static partial nuint ErrGetError();

    [LibraryImport(Library, EntryPoint = "ERR_error_string_n")]
    private static partial void ErrErrorStringN(nuint error, byte* buffer, nuint length);

    [LibraryImport(Library, EntryPoint = "ERR_clear_error")]
    public static partial void ErrClearError();

    /// <summary>A fresh key pair from a context that EVP_PKEY_keygen_init (and its parameters) prepared.</summary>
    public static EvpPkeyHandle GenerateKey(EvpPkeyContextHandle context)
    {
        nint key = 0;
        var result = EvpPkeyKeygen(context, &key);
        return Own(result, key, "EVP_PKEY_keygen");
    }

    /// <summary>A key from OSSL_PARAM values, with a context that EVP_PKEY_fromdata_init prepared.</summary>
    public static EvpPkeyHandle KeyFromData(EvpPkeyContextHandle context, int selection, OsslParam* parameters)
    {
        nint key = 0;
        var result = EvpPkeyFromdata(context, &key, selection, parameters);
        return Own(result, key, "EVP_PKEY_fromdata");
    }

    /// <summary>
    /// The shared secret of our key and the peer's into <paramref name="secret"/>, which is exactly its length. The
    /// callers have checked the peer's key as its group needs: libcrypto's own check (EVP_PKEY_public_check) adds a
    /// scalar multiplication by the order for ECDH, which only curves with a cofactor need. False if libcrypto refuses,
    /// with its reason left on the error queue for <see cref="Failure"/> or <see cref="ErrClearError"/>.
    /// </summary>
    public static bool TryDerive(EvpPkeyHandle key, EvpPkeyHandle peer, Span<byte> secret)
    {
        using var context = Check(EvpPkeyCtxNewFromPkey(0, key, null), "EVP_PKEY_CTX_new_from_pkey");
        Check(EvpPkeyDeriveInit(context), "EVP_PKEY_derive_init");
        Check(EvpPkeyDeriveSetPeerEx(context, peer, validatePeer: 0), "EVP_PKEY_derive_set_peer_ex");
        var length = (nuint)secret.Length;
        fixed (byte* output = secret)
        {
            return EvpPkeyDerive(context, output, &length) == 1 && length == (nuint)secret.Length;
        }
    }

    private static EvpPkeyHandle Own(int result, nint key, string operation)
    {
        var handle = new EvpPkeyHandle();
        Marshal.InitHandle(handle, key);
        if (result != 1 || handle.IsInvalid)
        {
            handle.Dispose();
            throw Failure(operation);
        }

        return handle;
    }

    /// <summary>Throws with libcrypto's reason unless <paramref name="result"/> is 1 (success).</summary>
    public static void Check(int result, string operation)
    {
        if (result != 1)
        {
            throw Failure(operation);
        }
    }

    /// <summary>Throws with libcrypto's reason if an allocating call returned null.</summary>
    public static T Check<T>(T handle, string operation)
        where T : SafeHandle
    {
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw Failure(operation);
        }

        return handle;
    }

    /// <summary>
    /// The first error on this thread's libcrypto error queue, which is then emptied: .NET's own OpenSSL calls share
    /// the queue and must not find our errors there. Reasons name functions and causes, never key material.
    /// </summary>
    public static CryptographicException Failure(string operation)
    {
        var error = ErrGetError();
        ErrClearError();
        if (error == 0)
        {
            return new CryptographicException($"{operation} failed in libcrypto");
        }

        var text = stackalloc byte[256];
        ErrErrorStringN(error, text, 256);
        return new CryptographicException($"{operation} failed in libcrypto: {Marshal.PtrToStringUTF8((nint)text)}");
    }
}
