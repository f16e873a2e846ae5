using SwanShell.Engine.Ike;

namespace SwanShell.Engine.Crypto;

/// <summary>
/// One run of a key exchange method (transform type 4 or ADDKE1..7), for one role. A Diffie-Hellman group is
/// symmetric, but a KEM is not (RFC 9370 §2.2, the ML-KEM draft): the initiator sends an encapsulation key and the
/// responder answers with a ciphertext, so the interface names the roles. Instances hold private keys: dispose them.
/// </summary>
public interface IKeyExchange : IDisposable
{
    KeyExchangeTransformId Method { get; }

    /// <summary>Initiator: the Key Exchange Data to send (a public value, or an encapsulation key).</summary>
    byte[] CreateInitiatorData();

    /// <summary>Initiator: the shared secret from the responder's Key Exchange Data.</summary>
    /// <exception cref="IkeProtocolException">The data is malformed or an invalid public value (INVALID_SYNTAX).</exception>
    byte[] ProcessResponderData(ReadOnlySpan<byte> responderData);

    /// <summary>Responder: our Key Exchange Data to send back, and the shared secret, from the initiator's.</summary>
    /// <exception cref="IkeProtocolException">The data is malformed or an invalid public value (INVALID_SYNTAX).</exception>
    byte[] ProcessInitiatorData(ReadOnlySpan<byte> initiatorData, out byte[] sharedSecret);
}
