using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwanShell.Engine.Control;

/// <summary>A request from a client (a cmdlet) to the daemon.</summary>
/// <param name="Version">The protocol version the client speaks; see <see cref="ControlProtocol.Version"/>.</param>
/// <param name="Id">Chosen by the client; every reply to this request carries it.</param>
/// <param name="Command">What to do, e.g. <c>status</c> or <c>shutdown</c>.</param>
/// <param name="Arguments">The command's arguments, if it has any.</param>
public sealed record ControlRequest(int Version, long Id, string Command, JsonElement? Arguments = null);

/// <summary>What a reply carries: zero or more events, then exactly one result or error.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ControlReplyKind>))]
public enum ControlReplyKind
{
    Result,
    Error,
    Event,
}

/// <summary>One message from the daemon to a client; its result is written as the bytes it was serialised to (<see cref="RawJsonElementConverter"/>).</summary>
public sealed record ControlReply(long Id, ControlReplyKind Kind, [property: JsonConverter(typeof(RawJsonElementConverter))] JsonElement? Result = null, ControlError? Error = null, ControlEvent? Event = null);

/// <summary>Why a request failed: a stable code (becomes the ErrorRecord id), a message for people, and the object it concerns.</summary>
public sealed record ControlError(string Code, string Message, string? Target = null);

/// <summary>
/// Something the daemon did while serving a request: a log line (<see cref="VerboseLevel"/>, shown with -Verbose), or
/// progress (<see cref="ProgressLevel"/>, a progress record: the activity in <paramref name="Connection"/>, the step in
/// <paramref name="Message"/>, with a percentage when known, and <paramref name="Completed"/> when the activity ends).
/// </summary>
public sealed record ControlEvent(DateTimeOffset Time, string Level, string Message, string? Connection = null, int? Percent = null, bool? Completed = null)
{
    public const string VerboseLevel = "Verbose";
    public const string ProgressLevel = "Progress";

    /// <summary>A step of a long operation (an exchange of <c>--up</c>, a conn of <c>--add --all</c>).</summary>
    public static ControlEvent Progress(string activity, string step, int? percent, bool completed = false) =>
        new(DateTimeOffset.UtcNow, ProgressLevel, step, activity, percent, completed ? true : null);
}

/// <summary>
/// The daemon's answer to <c>status</c> (and the <c>hello</c> greeting); <c>LogFile</c> is the file it logs to and
/// <c>CertificateStore</c> the store its <c>leftcert=</c> names resolve against (<c>nssdir=</c>).
/// </summary>
public sealed record DaemonInfo(
    int ProcessId,
    string Version,
    int ProtocolVersion,
    DateTimeOffset StartedAt,
    string KernelBackend,
    string ConfigPath,
    int IkePort,
    int NatTraversalPort,
    string? LogFile = null,
    string? CertificateStore = null);

/// <summary>Error codes every client understands.</summary>
public static class ControlErrorCodes
{
    public const string BadRequest = "BadRequest";
    public const string UnknownCommand = "UnknownCommand";
    public const string ProtocolVersionMismatch = "ProtocolVersionMismatch";
    public const string PermissionDenied = "PermissionDenied";
    public const string DaemonNotRunning = "DaemonNotRunning";
    public const string InternalError = "InternalError";
    public const string ConfigInvalid = "ConfigInvalid";
    public const string ConnectionNotFound = "ConnectionNotFound";
    public const string ConnectionExists = "ConnectionExists";
    public const string ConnectionUnoriented = "ConnectionUnoriented";
    public const string InvalidOperation = "InvalidOperation";
    public const string NotSupported = "NotSupported";
    public const string KernelError = "KernelError";
    public const string SecretNotFound = "SecretNotFound";
    public const string CertificateNotFound = "CertificateNotFound";
    public const string NegotiationFailed = "NegotiationFailed";
    public const string StateNotFound = "StateNotFound";
}

/// <summary>Source-generated serialisation: no reflection on the control path.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(IPAddressJsonConverter)])]
[JsonSerializable(typeof(ControlRequest))]
[JsonSerializable(typeof(ControlReply))]
[JsonSerializable(typeof(DaemonInfo))]
[JsonSerializable(typeof(AddConnectionsArguments))]
[JsonSerializable(typeof(ConnectionArguments))]
[JsonSerializable(typeof(ConnectionsQuery))]
[JsonSerializable(typeof(ConnectionChange))]
[JsonSerializable(typeof(SecretsSummary))]
[JsonSerializable(typeof(IReadOnlyList<ConnectionChange>))]
[JsonSerializable(typeof(IReadOnlyList<IpsecConnectionStatus>))]
[JsonSerializable(typeof(IpsecConnectionStatus))]
[JsonSerializable(typeof(RekeyArguments))]
[JsonSerializable(typeof(DeleteStateArguments))]
[JsonSerializable(typeof(ListenArguments))]
[JsonSerializable(typeof(DebugArguments))]
[JsonSerializable(typeof(DebugResult))]
[JsonSerializable(typeof(ListenResult))]
[JsonSerializable(typeof(IpsecGlobalStatus))]
[JsonSerializable(typeof(IpsecKernelState))]
public sealed partial class ControlJsonContext : JsonSerializerContext;
