using System.Text;
using SwanShell.Engine.Ike.Sa;

namespace SwanShell.UnitTests.Ike.Sa;

public sealed class KeyMaterialTests
{
    [Fact]
    public void No_event_or_SA_text_contains_a_key_or_the_pre_shared_key()
    {
        using var engines = new TwoEngines();
        var west = engines.Connect();
        engines.Initiator.RekeyChildSa(west, west.ChildSas[0]);
        engines.Network.Run();
        var child = west.ChildSas[0];
        string[] secrets =
        [
            Convert.ToHexString(west.Keys!.SK_d), Convert.ToHexString(west.Keys.SK_ei), Convert.ToHexString(west.Keys.SK_pr),
            Convert.ToHexString(child.Keys.EncryptionKeyInitiatorToResponder), Convert.ToHexString(child.Keys.EncryptionKeyResponderToInitiator),
            "correct horse battery staple", Convert.ToHexString(Encoding.UTF8.GetBytes("correct horse battery staple")),
        ];

        var text = string.Join("\n", engines.InitiatorEvents.Concat(engines.ResponderEvents).Select(e => e.ToString())
            .Append(west.ToString()).Append(child.ToString()).Append(west.Options.ToString()).Append(child.Keys.ToString()).Append(west.Keys.ToString()));

        Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
        Assert.Contains("redacted", text, StringComparison.Ordinal);
    }
}
