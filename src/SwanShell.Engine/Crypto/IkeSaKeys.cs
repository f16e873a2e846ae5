using System.Security.Cryptography;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// SK_d, SK_ai, SK_ar, SK_ei, SK_er, SK_pi and SK_pr, in the order prf+ produced them (RFC 7296 §2.14).
/// Key material: never printed, cleared on dispose.
/// </summary>
public sealed class IkeSaKeys : IDisposable
{
    private readonly byte[] _keys;
    private readonly int _prfLength;
    private readonly int _integrityLength;
    private readonly int _encryptionLength;

    internal IkeSaKeys(byte[] keys, int prfLength, int integrityLength, int encryptionLength)
    {
        _keys = keys;
        _prfLength = prfLength;
        _integrityLength = integrityLength;
        _encryptionLength = encryptionLength;
    }

    public ReadOnlySpan<byte> SK_d => _keys.AsSpan(0, _prfLength);

    public ReadOnlySpan<byte> SK_ai => _keys.AsSpan(_prfLength, _integrityLength);

    public ReadOnlySpan<byte> SK_ar => _keys.AsSpan(_prfLength + _integrityLength, _integrityLength);

    public ReadOnlySpan<byte> SK_ei => _keys.AsSpan(_prfLength + (2 * _integrityLength), _encryptionLength);

    public ReadOnlySpan<byte> SK_er => _keys.AsSpan(_prfLength + (2 * _integrityLength) + _encryptionLength, _encryptionLength);

    public ReadOnlySpan<byte> SK_pi => _keys.AsSpan(_prfLength + (2 * _integrityLength) + (2 * _encryptionLength), _prfLength);

    public ReadOnlySpan<byte> SK_pr => _keys.AsSpan((2 * _prfLength) + (2 * _integrityLength) + (2 * _encryptionLength), _prfLength);

    public void Dispose() => CryptographicOperations.ZeroMemory(_keys);

    public override string ToString() => $"IKE SA keys ({_keys.Length} bytes, redacted)";
}
