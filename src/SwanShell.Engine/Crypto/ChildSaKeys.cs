using System.Security.Cryptography;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// KEYMAT split as RFC 7296 §2.17 orders it: first the initiator-to-responder keys, then the responder-to-initiator
/// keys, each encryption key before its integrity key. Key material: never printed, cleared on dispose.
/// </summary>
public sealed class ChildSaKeys : IDisposable
{
    private readonly byte[] _keys;
    private readonly int _encryptionLength;
    private readonly int _integrityLength;

    internal ChildSaKeys(byte[] keys, int encryptionLength, int integrityLength)
    {
        _keys = keys;
        _encryptionLength = encryptionLength;
        _integrityLength = integrityLength;
    }

    public ReadOnlySpan<byte> EncryptionKeyInitiatorToResponder => _keys.AsSpan(0, _encryptionLength);

    public ReadOnlySpan<byte> IntegrityKeyInitiatorToResponder => _keys.AsSpan(_encryptionLength, _integrityLength);

    public ReadOnlySpan<byte> EncryptionKeyResponderToInitiator => _keys.AsSpan(_encryptionLength + _integrityLength, _encryptionLength);

    public ReadOnlySpan<byte> IntegrityKeyResponderToInitiator => _keys.AsSpan((2 * _encryptionLength) + _integrityLength, _integrityLength);

    public void Dispose() => CryptographicOperations.ZeroMemory(_keys);

    public override string ToString() => $"Child SA keys ({_keys.Length} bytes, redacted)";
}
