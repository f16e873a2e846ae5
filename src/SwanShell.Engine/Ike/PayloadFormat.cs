namespace SwanShell.Engine.Ike;

/// <summary>Length checks shared by the payload parsers.</summary>
internal static class PayloadFormat
{
    public static void RequireLength(PayloadType type, ReadOnlyMemory<byte> body, int minimum)
    {
        if (body.Length < minimum)
        {
            throw IkeProtocolException.InvalidSyntax($"a {type} payload needs at least {minimum} bytes after its header, not {body.Length}");
        }
    }
}
