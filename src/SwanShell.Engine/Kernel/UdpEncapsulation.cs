namespace SwanShell.Engine.Kernel;

/// <summary>ESP in UDP (RFC 3948) for NAT traversal: the ports of the IKE peers' NAT-T sockets.</summary>
public sealed record UdpEncapsulation(ushort SourcePort, ushort DestinationPort);
