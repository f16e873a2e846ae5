namespace SwanShell.Engine.Ike;

/// <summary>IKEv2 Transform Types (RFC 7296 §3.3.2; RFC 9370 renames type 4 and adds ADDKE1..7).</summary>
public enum TransformType : byte
{
    /// <summary>ENCR</summary>
    Encryption = 1,
    /// <summary>PRF</summary>
    PseudorandomFunction = 2,
    /// <summary>INTEG</summary>
    Integrity = 3,
    /// <summary>KE (was D-H)</summary>
    KeyExchange = 4,
    /// <summary>ESN</summary>
    ExtendedSequenceNumbers = 5,
    AdditionalKeyExchange1 = 6,
    AdditionalKeyExchange2 = 7,
    AdditionalKeyExchange3 = 8,
    AdditionalKeyExchange4 = 9,
    AdditionalKeyExchange5 = 10,
    AdditionalKeyExchange6 = 11,
    AdditionalKeyExchange7 = 12,
}
