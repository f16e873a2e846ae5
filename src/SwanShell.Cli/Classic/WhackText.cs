using System.Globalization;
using SwanShell.Engine.Control;

namespace SwanShell.Cli.Classic;

/// <summary>The texts of <c>ipsec whack</c> requests, in the shape libreswan 5 prints them (without 4.x's <c>000 </c> prefixes).</summary>
internal static class WhackText
{
    /// <summary><c>--status</c>: the connection list, the totals line, then one line per SA (two per Child SA).</summary>
    public static TextResult<IpsecConnectionStatus> Status { get; } = new(StatusLines);

    /// <summary><c>--trafficstatus</c>: one line per established Child SA.</summary>
    public static TextResult<IpsecTrafficStatus> TrafficStatus { get; } = TextResult<IpsecTrafficStatus>.Each(t =>
        [$"#{t.Serial}: \"{t.Connection}\", type={t.Type}, add_time={t.AddedAt?.ToUnixTimeSeconds() ?? 0}, inBytes={t.BytesIn}, outBytes={t.BytesOut}, maxBytes=2^63B, id='{t.RemoteId}'"]);

    /// <summary><c>--globalstatus</c>: key=value lines.</summary>
    public static TextResult<IpsecGlobalStatus> GlobalStatus { get; } = TextResult<IpsecGlobalStatus>.Each(g =>
    [
        $"current.states.all={g.IkeSas + g.ChildSas}",
        $"current.states.ike={g.IkeSas}",
        $"current.states.ipsec={g.ChildSas}",
        $"current.states.iketype.halfopen={g.HalfOpenIkeSas}",
        $"current.states.iketype.authenticated={g.EstablishedIkeSas}",
        $"current.connections.loaded={g.Connections}",
        $"current.connections.routed={g.RoutedConnections}",
        $"total.ipsec.type.all={g.ChildSasEstablishedTotal}",
        $"total.ipsec.traffic.in={g.BytesIn}",
        $"total.ipsec.traffic.out={g.BytesOut}",
        $"total.ike.ikev2.established={g.IkeSasEstablishedTotal}",
        $"total.ike.ikev2.failed={g.IkeSasFailedTotal}",
        $"total.ike.dropped={g.DroppedDatagrams}",
    ]);

    /// <summary><c>--listen</c>: what pluto says when it (re)starts listening.</summary>
    public static TextResult<ListenResult> Listen { get; } = TextResult<ListenResult>.Each(l =>
    [
        "listening for IKE messages",
        .. l.Endpoints.Select(e => $"listening on UDP {e}"),
        .. l.Secrets is { } secrets ? [$"loaded {secrets.Count} secret(s) from {secrets.Path}"] : Array.Empty<string>(),
    ]);

    /// <summary>Requests that print nothing when they succeed (<c>--shutdown</c>, <c>--deletestate</c>, <c>--rekey-*</c>): errors still show.</summary>
    public static TextResult<ConnectionChange> Quiet { get; } = new(_ => []);

    private static IEnumerable<string> StatusLines(IReadOnlyList<IpsecConnectionStatus> connections)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var c in connections)
        {
            var local = $"{c.LocalAddress}[{c.LocalId}]";
            var remote = $"{c.RemoteAddress?.ToString() ?? "%any"}[{c.RemoteId}]";
            yield return $"\"{c.Name}\": {string.Join(',', c.LocalSubnets)}==={local}...{remote}==={string.Join(',', c.RemoteSubnets)}; {Routing(c)};";
            var owners = string.Concat(
                c.IkeSas.Where(i => i.State == "Established").TakeLast(1).Select(i => $" established IKE SA: #{i.Serial};").Concat(
                c.ChildSas.TakeLast(1).Select(s => $" established Child SA: #{s.Serial};")));
            yield return $"\"{c.Name}\":   local: {c.LocalAddress}; remote: {c.RemoteAddress?.ToString() ?? "%any"}; type: {c.Type}; auto: {c.Auto}; reqid: {c.Reqid};{owners}";
        }

        var active = connections.Count(c => c.State == ConnectionState.Established);
        yield return $"Total IPsec connections: loaded {connections.Count}, routed {connections.Count(c => c.Routed || c.State == ConnectionState.Established)}, active {active}";
        foreach (var c in connections)
        {
            foreach (var ike in c.IkeSas)
            {
                yield return $"#{ike.Serial}: \"{c.Name}\":{Port(ike.RemoteEndpoint)} {(ike.State == "Established" ? "established IKE SA" : $"IKE SA {ike.State.ToLowerInvariant()}")};{Timers(ike.RekeyAt, ike.ExpiresAt, now)} newest; idle;";
            }

            foreach (var child in c.ChildSas)
            {
                var port = c.IkeSas.FirstOrDefault(i => i.Serial == child.IkeSaSerial)?.RemoteEndpoint;
                yield return $"#{child.Serial}: \"{c.Name}\":{Port(port)} established Child SA;{Timers(child.RekeyAt, child.ExpiresAt, now)} newest; eroute owner; IKE SA #{child.IkeSaSerial}; idle;";
                var remote = c.RemoteAddress?.ToString() ?? "%any";
                var tunnel = child.Mode == "Tunnel" ? $" tun.0@{remote} tun.0@{c.LocalAddress}" : string.Empty;
                yield return $"#{child.Serial}: \"{c.Name}\" esp.{child.OutboundSpi}@{remote} esp.{child.InboundSpi}@{c.LocalAddress}{tunnel} Traffic: ESPin={Bytes(child.BytesIn)} ESPout={Bytes(child.BytesOut)} ESPmax=2^63B";
            }
        }
    }

    /// <summary>libreswan 5's routing words.</summary>
    private static string Routing(IpsecConnectionStatus c) => c.State switch
    {
        ConnectionState.Established => "routed-tunnel",
        ConnectionState.Routed => "routed-ondemand",
        ConnectionState.Connecting or ConnectionState.IkeEstablished when c.Routed => "routed-negotiation",
        _ => "unrouted",
    };

    private static string Port(string? endpoint) =>
        endpoint is null ? "500" : endpoint[(endpoint.LastIndexOf(':') + 1)..];

    private static string Timers(DateTimeOffset? rekey, DateTimeOffset? expire, DateTimeOffset now)
    {
        static string In(string name, DateTimeOffset at, DateTimeOffset now) =>
            $" {name} in {Math.Max(0, (long)(at - now).TotalSeconds).ToString(CultureInfo.InvariantCulture)}s;";

        return (rekey is { } r ? In("REKEY", r, now) : string.Empty) + (expire is { } e ? In("EXPIRE", e, now) : string.Empty);
    }

    private static string Bytes(ulong count) => count switch
    {
        >= 1UL << 20 => $"{count >> 20}MB",
        >= 1UL << 10 => $"{count >> 10}KB",
        _ => $"{count}B",
    };
}
