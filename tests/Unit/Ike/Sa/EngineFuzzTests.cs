using FsCheck;
using FsCheck.Xunit;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

/// <summary>Whatever arrives, <see cref="IkeEngine.Receive"/> never throws: it answers with an error notify or drops.</summary>
public sealed class EngineFuzzTests
{
    private static readonly Lazy<List<InMemoryNetwork.Datagram>> Recorded = new(Record);

    [Property(MaxTest = 200)]
    public void Mutated_datagrams_of_a_real_negotiation_never_throw_from_the_engines(NonNegativeInt which, NonNegativeInt position, byte value, bool toResponder)
    {
        var datagrams = Recorded.Value;
        var original = datagrams[which.Get % datagrams.Count];
        var mutated = (byte[])original.Bytes.Clone();
        mutated[position.Get % mutated.Length] ^= value == 0 ? (byte)1 : value;
        using var engines = new TwoEngines();
        engines.Connect();

        var engine = toResponder ? engines.Responder : engines.Initiator;
        engine.Receive(mutated, original.From, original.To);
        engines.Network.Run();
    }

    [Property(MaxTest = 200)]
    public void Random_datagrams_never_throw_from_the_engines(byte[] datagram)
    {
        using var engines = new TwoEngines();
        engines.Connect();

        engines.Responder.Receive(datagram, TwoEngines.West);
        engines.Initiator.Receive(datagram, TwoEngines.East);
        engines.Network.Run();
    }

    /// <summary>Every datagram of a negotiation that exercises each exchange once.</summary>
    private static List<InMemoryNetwork.Datagram> Record()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();
        engines.Initiator.RekeyChildSa(west, west.ChildSas[0]);
        engines.Network.Run();
        engines.Initiator.CheckLiveness(west);
        engines.Network.Run();
        engines.Initiator.RekeyIkeSa(west);
        engines.Network.Run();
        return engines.Network.Sent;
    }
}
