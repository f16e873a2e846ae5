using System.Collections.Concurrent;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SwanShell.Engine.Control;
using SwanShell.Engine.Daemon;

namespace SwanShell.Internal;

/// <summary>
/// The base of cmdlets that talk to the daemon: finds its socket from <c>-RunDirectory</c>, sends one request,
/// shows the daemon's log lines for it as verbose records while it works, and turns its errors into
/// ErrorRecords with the daemon's stable codes as ids.
/// </summary>
public abstract class DaemonCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The daemon instance's run directory; default $env:SWANSHELL_RUNDIR, else /run/swanshell.</summary>
    [Parameter]
    public string? RunDirectory { get; set; }

    protected RunDirectory Run => Engine.Daemon.RunDirectory.Resolve(RunDirectory is null ? null : GetUnresolvedProviderPathFromPSPath(RunDirectory));

    /// <summary>Sends a request and returns its typed result; the daemon's refusal becomes a <see cref="DaemonRequestException"/>.</summary>
    protected TResult Request<TArguments, TResult>(string command, TArguments arguments, JsonTypeInfo<TArguments> argumentsType, JsonTypeInfo<TResult> resultType) =>
        Typed(command, Request(command, JsonSerializer.SerializeToElement(arguments, argumentsType)), resultType);

    /// <summary>Sends a request without arguments and returns its typed result.</summary>
    protected TResult Request<TResult>(string command, JsonTypeInfo<TResult> resultType) =>
        Typed(command, Request(command, null), resultType);

    private static TResult Typed<TResult>(string command, JsonElement? result, JsonTypeInfo<TResult> resultType) =>
        result is { } element && element.Deserialize(resultType) is { } typed
            ? typed
            : throw new DaemonRequestException(new ControlException(ControlErrorCodes.InternalError, $"The daemon answered '{command}' with nothing."));

    /// <summary>
    /// -WhatIf and -Confirm for a daemon change: asks the daemon for its plan (the same code path with WhatIf set),
    /// offers the plan's steps to ShouldProcess, and only then asks for the change itself. Null when declined.
    /// </summary>
    protected TResult? PlanThenChange<TArguments, TResult>(
        string command,
        Func<bool, TArguments> arguments,
        JsonTypeInfo<TArguments> argumentsType,
        JsonTypeInfo<TResult> resultType,
        string caption,
        Func<TResult, IEnumerable<string>> steps)
        where TResult : class =>
        PlanThenChange(command, arguments, argumentsType, resultType, resultType, caption, steps);

    /// <summary>As above, for a command whose plan and result differ (e.g. <c>up</c>: the steps, then the established connection).</summary>
    protected TResult? PlanThenChange<TArguments, TPlan, TResult>(
        string command,
        Func<bool, TArguments> arguments,
        JsonTypeInfo<TArguments> argumentsType,
        JsonTypeInfo<TPlan> planType,
        JsonTypeInfo<TResult> resultType,
        string caption,
        Func<TPlan, IEnumerable<string>> steps)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(steps);
        if (!PlanIsUsed())
        {
            // Nobody would see the plan: asking for it would make the daemon do the work twice (reading, orienting and
            // describing 10,000 conns for one Add-IpsecConnection -AllConnections).
            return ShouldProcess(caption, $"{caption}?", caption) ? Request(command, arguments(false), argumentsType, resultType) : null;
        }

        var plan = Request(command, arguments(true), argumentsType, planType);
        var numbered = steps(plan).Select((step, i) => $"  {i + 1}. {step}").ToList();
        var description = numbered.Count == 0 ? $"{caption}: nothing to do." : $"{caption}:{Environment.NewLine}{string.Join(Environment.NewLine, numbered)}";
        return ShouldProcess(description, $"{caption}?", caption) ? Request(command, arguments(false), argumentsType, resultType) : null;
    }

    /// <summary>
    /// Whether the plan is of use: ShouldProcess shows it with -WhatIf and -Verbose (as a verbose record), and before a
    /// confirmation prompt (-Confirm, or $ConfirmPreference at or below the cmdlet's impact) it finds what the daemon
    /// would refuse, so that nobody is asked about a change that cannot be made.
    /// </summary>
    private bool PlanIsUsed()
    {
        bool? Bound(string name) => MyInvocation.BoundParameters.TryGetValue(name, out var value) ? LanguagePrimitives.IsTrue(value) : null;
        T Preference<T>(string name, T fallback) => LanguagePrimitives.TryConvertTo(GetVariableValue(name), out T value) ? value : fallback;

        var whatIf = Bound("WhatIf") ?? LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        var impact = GetType().GetCustomAttributes(typeof(CmdletAttribute), inherit: false).OfType<CmdletAttribute>().FirstOrDefault()?.ConfirmImpact ?? ConfirmImpact.Medium;
        var threshold = Preference("ConfirmPreference", ConfirmImpact.High);
        var confirm = Bound("Confirm") ?? (threshold != ConfirmImpact.None && impact != ConfirmImpact.None && impact >= threshold);
        var verbose = Bound("Verbose") ?? Preference("VerbosePreference", ActionPreference.SilentlyContinue) is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
        return whatIf || confirm || verbose;
    }

    /// <summary>Writes the daemon's refusal as a non-terminating error with its code as the error id.</summary>
    protected void WriteError(DaemonRequestException failure, object? target)
    {
        ArgumentNullException.ThrowIfNull(failure);
        WriteError(new ErrorRecord(failure, failure.Code, CategoryOf(failure.Code), target));
    }

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends a request and returns its untyped result (null for commands that answer nothing, e.g. shutdown).</summary>
    protected JsonElement? Request(string command, JsonElement? arguments)
    {
        // Events arrive on a socket thread; PowerShell takes verbose records only on the pipeline thread.
        using var events = new BlockingCollection<ControlEvent>();
        var socketPath = Run.SocketPath;
        var request = Task.Run(async () =>
        {
            try
            {
                await using var client = await ControlClient.ConnectAsync(socketPath, _stopping.Token).ConfigureAwait(false);
                return await client.RequestAsync(command, arguments, events.Add, _stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                events.CompleteAdding();
            }
        });
        var progress = new DaemonProgress(this);
        foreach (var controlEvent in events.GetConsumingEnumerable())
        {
            if (controlEvent.Level == ControlEvent.ProgressLevel)
            {
                progress.Write(controlEvent);
            }
            else
            {
                WriteVerbose(controlEvent.Connection is null ? controlEvent.Message : $"\"{controlEvent.Connection}\": {controlEvent.Message}");
            }
        }

        // A request that failed or was cut short leaves no progress bar behind.
        progress.CompleteAll();

        try
        {
            return request.GetAwaiter().GetResult();
        }
        catch (ControlException e)
        {
            throw new DaemonRequestException(e);
        }
        catch (IOException e)
        {
            throw new DaemonRequestException(new ControlException(ControlErrorCodes.DaemonNotRunning, $"The SwanShell daemon went away during '{command}': {e.Message}"));
        }
    }

    internal static ErrorCategory CategoryOf(string code) => code switch
    {
        ControlErrorCodes.ConnectionNotFound or ControlErrorCodes.StateNotFound => ErrorCategory.ObjectNotFound,
        ControlErrorCodes.ConnectionExists => ErrorCategory.ResourceExists,
        ControlErrorCodes.ConfigInvalid or ControlErrorCodes.ConnectionUnoriented => ErrorCategory.InvalidData,
        ControlErrorCodes.DaemonNotRunning => ErrorCategory.ConnectionError,
        ControlErrorCodes.PermissionDenied => ErrorCategory.PermissionDenied,
        ControlErrorCodes.BadRequest or ControlErrorCodes.ProtocolVersionMismatch => ErrorCategory.InvalidArgument,
        ControlErrorCodes.NotSupported => ErrorCategory.NotImplemented,
        ControlErrorCodes.CertificateNotFound => ErrorCategory.ObjectNotFound,
        _ => ErrorCategory.InvalidOperation,
    };
}
