using SwanShell.Engine.Config;

namespace SwanShell;

/// <summary>A conn of ipsec.conf, with %default and also= applied, as Get-IpsecConnection returns it.</summary>
public sealed class IpsecConnection
{
    internal IpsecConnection(ConnectionDefinition conn)
    {
        Name = conn.Name;
        File = conn.Location.File;
        Line = conn.Location.Line;
        Left = new IpsecConnectionEnd(conn.Left);
        Right = new IpsecConnectionEnd(conn.Right);
        Auto = conn.Auto;
        Type = conn.Type;
        KeyExchange = conn.KeyExchange;
        AuthBy = [.. conn.AuthBy];
        Ike = [.. conn.Ike.Select(proposal => proposal.ToString())];
        Esp = [.. conn.Esp.Select(proposal => proposal.ToString())];
        Pfs = conn.Pfs;
        IkeLifetime = conn.IkeLifetime;
        IpsecLifetime = conn.IpsecLifetime;
        Rekey = conn.Rekey;
        RekeyMargin = conn.RekeyMargin;
        DpdDelay = conn.DpdDelay;
        RetransmitTimeout = conn.RetransmitTimeout;
        Encapsulation = conn.Encapsulation;
        Fragmentation = conn.Fragmentation;
        Mobike = conn.Mobike;
        Narrowing = conn.Narrowing;
        ReplayWindow = conn.ReplayWindow;
        Reqid = conn.Reqid;
        Priority = conn.Priority;
        Aliases = [.. conn.Aliases];
        Definition = conn;
    }

    public string Name { get; }

    /// <summary>The file the conn is written in, relative to the configuration file's directory.</summary>
    public string File { get; }

    public int Line { get; }

    public IpsecConnectionEnd Left { get; }

    public IpsecConnectionEnd Right { get; }

    public AutoStart Auto { get; }

    public ConnectionType Type { get; }

    public IkeVersion KeyExchange { get; }

    public AuthenticationMethod[] AuthBy { get; }

    /// <summary>The IKE proposals in libreswan's notation; libreswan's defaults when ike= is absent.</summary>
    public string[] Ike { get; }

    /// <summary>The ESP proposals in libreswan's notation; libreswan's defaults when esp= is absent.</summary>
    public string[] Esp { get; }

    public bool Pfs { get; }

    public TimeSpan IkeLifetime { get; }

    public TimeSpan IpsecLifetime { get; }

    public bool Rekey { get; }

    public TimeSpan RekeyMargin { get; }

    public TimeSpan DpdDelay { get; }

    public TimeSpan RetransmitTimeout { get; }

    public EncapsulationMode Encapsulation { get; }

    public FragmentationPolicy Fragmentation { get; }

    public bool Mobike { get; }

    public bool Narrowing { get; }

    public uint ReplayWindow { get; }

    public uint? Reqid { get; }

    public uint? Priority { get; }

    public string[] Aliases { get; }

    /// <summary>The engine's typed definition, with the structured proposals.</summary>
    public ConnectionDefinition Definition { get; }

    public override string ToString() => Name;
}
