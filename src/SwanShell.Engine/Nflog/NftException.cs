namespace SwanShell.Engine.Nflog;

/// <summary>The nft tool failed, or is not installed; the message carries what nft said.</summary>
public sealed class NftException(string message, bool notInstalled = false) : Exception(message)
{
    public bool NotInstalled { get; } = notInstalled;
}
