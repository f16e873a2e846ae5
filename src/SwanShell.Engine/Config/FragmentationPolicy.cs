namespace SwanShell.Engine.Config;

/// <summary><c>fragmentation=</c>: IKEv2 message fragmentation (RFC 7383).</summary>
public enum FragmentationPolicy
{
    Yes,
    No,

    /// <summary>Fragment even before the peer has said it supports it.</summary>
    Force,
}
