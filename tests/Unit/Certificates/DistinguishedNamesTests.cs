using System.Security.Cryptography.X509Certificates;
using SwanShell.Engine.Certificates;

namespace SwanShell.UnitTests.Certificates;

public sealed class DistinguishedNamesTests
{
    [Fact]
    public void A_name_written_as_libreswan_writes_it_encodes_its_RDNs_in_the_order_written()
    {
        using var certificate = TestPki.CreateCa("gw");

        var parsed = DistinguishedNames.Parse("CN=gw, O=SwanShell Tests");
        var libreswanOrder = DistinguishedNames.Parse("O=SwanShell Tests, CN=gw");

        Assert.Equal("O=SwanShell Tests, CN=gw", DistinguishedNames.Format(certificate.SubjectName));
        Assert.True(DistinguishedNames.Matches(libreswanOrder, certificate.SubjectName, wildcards: false));
        Assert.False(DistinguishedNames.Matches(parsed, certificate.SubjectName, wildcards: false));
    }

    [Fact]
    public void Names_match_whatever_the_string_type_and_letter_case_of_their_values()
    {
        var printable = new X500DistinguishedName("C=CH, O=Example, CN=gw", X500DistinguishedNameFlags.None);
        var utf8 = new X500DistinguishedName("C=CH, O=EXAMPLE, CN=gw", X500DistinguishedNameFlags.UseUTF8Encoding);

        Assert.False(printable.RawData.AsSpan().SequenceEqual(utf8.RawData));
        Assert.True(DistinguishedNames.Matches(printable, utf8, wildcards: false));
    }

    [Theory]
    [InlineData("C=CH, O=Example, CN=*", "C=CH, O=Example, CN=road1", true)]
    [InlineData("C=CH, O=Example, CN=*", "C=CH, O=Other, CN=road1", false)]
    [InlineData("C=CH, O=Example, CN=*", "C=CH, O=Example, OU=Sales, CN=road1", false)]
    [InlineData("C=CH, O=*, CN=*", "C=CH, O=Other, CN=road1", true)]
    public void A_wildcard_value_matches_any_value_of_its_attribute_only(string pattern, string name, bool matches)
    {
        Assert.True(DistinguishedNames.HasWildcards(DistinguishedNames.Parse(pattern)));
        Assert.Equal(matches, DistinguishedNames.Matches(DistinguishedNames.Parse(pattern), DistinguishedNames.Parse(name), wildcards: true));
        Assert.False(DistinguishedNames.Matches(DistinguishedNames.Parse(pattern), DistinguishedNames.Parse(name), wildcards: false));
    }
}
