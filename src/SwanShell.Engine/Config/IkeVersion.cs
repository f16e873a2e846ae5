namespace SwanShell.Engine.Config;

/// <summary><c>keyexchange=</c> (and the older <c>ikev2=</c>).</summary>
public enum IkeVersion
{
    Ikev2,
    Ikev1,
}
