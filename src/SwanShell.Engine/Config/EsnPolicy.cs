namespace SwanShell.Engine.Config;

/// <summary><c>esn=</c>: extended sequence numbers.</summary>
public enum EsnPolicy
{
    Either,
    Yes,
    No,
}
