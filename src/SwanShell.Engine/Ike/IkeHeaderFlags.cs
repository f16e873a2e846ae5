namespace SwanShell.Engine.Ike;

/// <summary>The Flags octet of the IKE header (RFC 7296 §3.1).</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "RFC 7296 names this field Flags.")]
public enum IkeHeaderFlags : byte
{
    None = 0,
    /// <summary>Set by the original initiator of the IKE SA.</summary>
    Initiator = 0x08,
    /// <summary>The sender can speak a higher major version; never set by an IKEv2-only implementation.</summary>
    Version = 0x10,
    Response = 0x20,
}
