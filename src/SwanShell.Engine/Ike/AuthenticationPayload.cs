namespace SwanShell.Engine.Ike;

/// <summary>
/// AUTH (RFC 7296 §3.8).
/// <code>
/// | Auth Method   |                RESERVED                       |
/// ~                      Authentication Data                      ~
/// </code>
/// </summary>
public sealed class AuthenticationPayload(AuthenticationMethod method, ReadOnlyMemory<byte> authenticationData) : IkePayload
{
    public override PayloadType Type => PayloadType.Authentication;

    public AuthenticationMethod Method { get; } = method;

    public ReadOnlyMemory<byte> AuthenticationData { get; } = authenticationData;

    public override int BodyLength => 4 + AuthenticationData.Length;

    public override void WriteBody(Span<byte> destination)
    {
        destination[0] = (byte)Method;
        destination[1..4].Clear();
        AuthenticationData.Span.CopyTo(destination[4..]);
    }

    internal static AuthenticationPayload Parse(ReadOnlyMemory<byte> body)
    {
        PayloadFormat.RequireLength(PayloadType.Authentication, body, 4);
        return new AuthenticationPayload((AuthenticationMethod)body.Span[0], body[4..]);
    }
}
