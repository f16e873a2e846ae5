using System.Net;

namespace SwanShell.Engine.Kernel;

/// <summary>How a policy's packets are to be protected: by which protocol and mode, between which tunnel ends, with which reqid.</summary>
public sealed record IpsecTemplate(IPAddress Source, IPAddress Destination, IpsecProtocol Protocol, IpsecMode Mode, uint Reqid);
