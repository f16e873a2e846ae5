namespace SwanShell.Engine.Kernel;

/// <summary>How an SA carries packets: with their own IP header (transport) or inside a new one (tunnel).</summary>
public enum IpsecMode : byte
{
    Transport = 0,
    Tunnel = 1,
}
