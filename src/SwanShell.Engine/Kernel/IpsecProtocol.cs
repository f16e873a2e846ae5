namespace SwanShell.Engine.Kernel;

/// <summary>The IPsec protocols, by their IP protocol numbers.</summary>
public enum IpsecProtocol : byte
{
    Esp = 50,
    Ah = 51,
}
