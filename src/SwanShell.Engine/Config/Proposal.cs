namespace SwanShell.Engine.Config;

/// <summary>
/// One IKEv2 proposal (RFC 7296 §3.3): alternatives for each transform type. <see cref="AdditionalKeyExchanges"/>
/// holds ADDKE1, ADDKE2, … (RFC 9370), each a list of alternatives. ESP proposals have no PRF; an empty
/// <see cref="KeyExchange"/> in ESP means no PFS group of its own; AEAD ciphers have no integrity algorithm.
/// </summary>
public sealed record Proposal(
    SecurityProtocol Protocol,
    EquatableList<EncryptionTransform> Encryption,
    EquatableList<PseudorandomFunction> PseudorandomFunctions,
    EquatableList<IntegrityAlgorithm> Integrity,
    EquatableList<KeyExchangeMethod> KeyExchange,
    EquatableList<EquatableList<KeyExchangeMethod>> AdditionalKeyExchanges)
{
    /// <summary>The libreswan form, as <c>ike=</c>/<c>esp=</c> accept it.</summary>
    public override string ToString() => AlgorithmNames.Format(this);
}
