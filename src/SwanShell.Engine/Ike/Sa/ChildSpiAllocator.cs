using System.Net;

namespace SwanShell.Engine.Ike.Sa;

/// <summary>Reserves the SPI of an inbound Child SA, sent by <paramref name="peer"/> to <paramref name="local"/>.</summary>
public delegate uint ChildSpiAllocator(IPAddress peer, IPAddress local);
