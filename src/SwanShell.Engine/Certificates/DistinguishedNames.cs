using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SwanShell.Engine.Certificates;

/// <summary>
/// Distinguished names as libreswan writes them: the RDNs in the order of their DER encoding (<c>C=CH, O=Example, CN=gw</c>),
/// which is the reverse of .NET's own string form. Names are compared by attribute and value, not by encoding: a peer's
/// PrintableString and our UTF8String name the same subject. A value of <c>*</c> in a pattern matches any value, as in
/// libreswan's <c>rightid="C=CH, O=Example, CN=*"</c>.
/// </summary>
public static class DistinguishedNames
{
    /// <exception cref="CryptographicException">The text is not a distinguished name.</exception>
    public static X500DistinguishedName Parse(string text) => new(text, X500DistinguishedNameFlags.None);

    public static bool TryParse(string text, out X500DistinguishedName? name)
    {
        try
        {
            name = Parse(text);
            return true;
        }
        catch (CryptographicException)
        {
            name = null;
            return false;
        }
    }

    /// <summary>The libreswan form, RDNs in DER order.</summary>
    public static string Format(X500DistinguishedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Decode(X500DistinguishedNameFlags.None);
    }

    /// <summary>The libreswan form of a DER-encoded name, or null when it does not decode.</summary>
    public static string? TryFormat(ReadOnlySpan<byte> der)
    {
        try
        {
            return Format(new X500DistinguishedName(der));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Whether any RDN of <paramref name="pattern"/> has the value <c>*</c>.</summary>
    public static bool HasWildcards(X500DistinguishedName pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Rdns(pattern)?.Any(r => r.Value == "*") ?? false;
    }

    /// <summary>
    /// Whether <paramref name="name"/> has the RDNs of <paramref name="pattern"/>, in order, with equal values (case
    /// ignored, as for the directory strings of RFC 5280 §7.1); <c>*</c> matches any value when <paramref name="wildcards"/>.
    /// </summary>
    public static bool Matches(X500DistinguishedName pattern, X500DistinguishedName name, bool wildcards)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        if (pattern.RawData.AsSpan().SequenceEqual(name.RawData))
        {
            return true;
        }

        var (expected, actual) = (Rdns(pattern), Rdns(name));
        return expected is not null && actual is not null && expected.Count == actual.Count
            && expected.Zip(actual).All(p => p.First.Oid == p.Second.Oid
                && ((wildcards && p.First.Value == "*") || string.Equals(p.First.Value, p.Second.Value, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Each RDN as its attribute OID and trimmed value; an RDN of several attributes by its whole encoding. Null when the name does not decode.</summary>
    private static List<(string? Oid, string? Value)>? Rdns(X500DistinguishedName name)
    {
        try
        {
            return [.. name.EnumerateRelativeDistinguishedNames().Select(r => r.HasMultipleElements
                ? (null, Convert.ToHexString(r.RawData.Span))
                : (r.GetSingleElementType().Value, r.GetSingleElementValue()?.Trim()))];
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
