namespace SwanShell.Engine.Config;

/// <summary>An encryption transform: the algorithm and, for variable-length ciphers, the key length in bits.</summary>
public sealed record EncryptionTransform(EncryptionAlgorithm Algorithm, int? KeyLength)
{
    public override string ToString() => KeyLength is { } bits ? $"{Algorithm}_{bits}" : Algorithm.ToString();
}
