namespace SwanShell.Engine.Ike.Sa;

/// <summary>The kinds of key a peer may sign its AUTH with (<c>rightauth=rsasig</c>, <c>ecdsa</c>, or both).</summary>
[Flags]
public enum SignatureKeyTypes
{
    None = 0,
    Rsa = 1,
    Ecdsa = 2,
}
