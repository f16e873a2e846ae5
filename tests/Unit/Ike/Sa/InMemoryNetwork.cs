using System.Net;
using SwanShell.Engine.Ike;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>
/// Datagrams between engines in one process, delivered when <see cref="Run"/> pumps them. A filter may drop,
/// duplicate or hold back (reorder) each datagram; a NAT may rewrite one host's source address and port.
/// Everything is deterministic for a given seed.
/// </summary>
internal sealed class InMemoryNetwork : IIkeDatagramSender
{
    private readonly Dictionary<IPAddress, IkeEngine> _engines = [];
    private readonly List<Datagram> _inFlight = [];
    private readonly Dictionary<IPEndPoint, IPEndPoint> _natOutbound = [];
    private readonly Dictionary<IPEndPoint, IPEndPoint> _natInbound = [];
    private IPAddress? _natInside;
    private IPAddress? _natOutside;

    /// <summary>What to do with a datagram about to be delivered.</summary>
    public Func<Datagram, Fate> Filter { get; set; } = _ => Fate.Deliver;

    public List<Datagram> Sent { get; } = [];

    /// <summary>Loses the first response of <paramref name="exchange"/> and delivers everything else.</summary>
    public void DropFirstResponse(ExchangeType exchange)
    {
        var dropped = false;
        Filter = d =>
        {
            if (d.IsResponse && d.ExchangeType == (byte)exchange && !dropped)
            {
                dropped = true;
                return Fate.Drop;
            }

            return Fate.Deliver;
        };
    }

    /// <summary>The engine receiving every port of <paramref name="address"/>.</summary>
    public void Attach(IPAddress address, IkeEngine engine) => _engines[address] = engine;

    /// <summary>Puts <paramref name="inside"/> behind a NAT that maps each of its ports to a new one on <paramref name="outside"/>.</summary>
    public void AddNat(IPAddress inside, IPAddress outside)
    {
        _natInside = inside;
        _natOutside = outside;
    }

    public void Send(ReadOnlyMemory<byte> datagram, IPEndPoint local, IPEndPoint remote)
    {
        var from = local;
        if (local.Address.Equals(_natInside))
        {
            if (!_natOutbound.TryGetValue(local, out from))
            {
                from = new IPEndPoint(_natOutside!, 40000 + local.Port);
                _natOutbound[local] = from;
                _natInbound[from] = local;
            }
        }

        var sent = new Datagram(datagram.ToArray(), from, remote);
        Sent.Add(sent);
        _inFlight.Add(sent);
    }

    /// <summary>Delivers until nothing is in flight (held-back datagrams go last).</summary>
    public void Run()
    {
        var held = new List<Datagram>();
        while (_inFlight.Count > 0 || held.Count > 0)
        {
            if (_inFlight.Count == 0)
            {
                _inFlight.AddRange(held);
                held.Clear();
            }

            var next = _inFlight[0];
            _inFlight.RemoveAt(0);
            switch (next.Held ? Fate.Deliver : Filter(next))
            {
                case Fate.Drop:
                    break;
                case Fate.Duplicate:
                    Deliver(next);
                    Deliver(next);
                    break;
                case Fate.Reorder:
                    held.Add(next with { Held = true });
                    break;
                default:
                    Deliver(next);
                    break;
            }
        }
    }

    private void Deliver(Datagram datagram)
    {
        var to = _natInbound.GetValueOrDefault(datagram.To, datagram.To);
        if (_engines.TryGetValue(to.Address, out var engine))
        {
            engine.Receive(datagram.Bytes, datagram.From, to);
        }
    }

    internal sealed record Datagram(byte[] Bytes, IPEndPoint From, IPEndPoint To, bool Held = false)
    {
        public bool IsResponse => Bytes.Length > 19 && (Bytes[19] & 0x20) != 0;

        public byte ExchangeType => Bytes.Length > 18 ? Bytes[18] : (byte)0;
    }

    internal enum Fate
    {
        Deliver,
        Drop,
        Duplicate,
        Reorder,
    }
}
