using System.Globalization;

namespace SwanShell.Engine.Config;

/// <summary><c>mark=value/mask</c> for the XFRM SA and policy; <see cref="Unique"/> is <c>-1</c>: a new value per instance.</summary>
public sealed record XfrmMark(uint Value, uint Mask, bool Unique)
{
    public static bool TryParse(string text, out XfrmMark? mark)
    {
        ArgumentNullException.ThrowIfNull(text);
        mark = null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var valueText = slash < 0 ? text : text[..slash];
        var mask = uint.MaxValue;
        if (slash >= 0 && !TryParseNumber(text[(slash + 1)..], out mask))
        {
            return false;
        }

        if (valueText == "-1")
        {
            mark = new XfrmMark(0, mask, true);
            return true;
        }

        if (!TryParseNumber(valueText, out var value))
        {
            return false;
        }

        mark = new XfrmMark(value, mask, false);
        return true;
    }

    public override string ToString() => (Unique ? "-1" : $"0x{Value:x}") + $"/0x{Mask:x}";

    private static bool TryParseNumber(string text, out uint value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
