namespace SwanShell.Engine.Config;

/// <summary>
/// One record of ipsec.secrets: the IDs it is for (none means any), its kind, and the secret or, for
/// RSA/ECDSA, the name of the key. <see cref="PpkId"/> is set for PPKS records only.
/// </summary>
public sealed record SecretsEntry(
    EquatableList<IkeIdentity> Ids,
    SecretKind Kind,
    SecretBytes? Secret,
    string? KeyReference,
    string? PpkId,
    SourceLocation Location);
