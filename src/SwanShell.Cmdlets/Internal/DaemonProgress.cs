using System.Management.Automation;
using SwanShell.Engine.Control;

namespace SwanShell.Internal;

/// <summary>
/// Turns the daemon's progress events of one request into progress records: one activity id per activity (a
/// connection's name), its step as the status, and a completed record when it ends. Pipeline thread only.
/// </summary>
internal sealed class DaemonProgress(PSCmdlet cmdlet)
{
    // The last record of each open activity; a new record per step, as the progress stream keeps the ones written.
    private readonly Dictionary<string, ProgressRecord> _open = [];
    private int _nextId;

    public void Write(ControlEvent progress)
    {
        var activity = string.IsNullOrEmpty(progress.Connection) ? cmdlet.MyInvocation.MyCommand.Name : progress.Connection;
        var id = _open.TryGetValue(activity, out var previous) ? previous.ActivityId : ++_nextId;
        var record = new ProgressRecord(id, activity, string.IsNullOrEmpty(progress.Message) ? activity : progress.Message)
        {
            PercentComplete = progress.Percent is { } percent ? Math.Clamp(percent, 0, 100) : -1,
        };
        if (progress.Completed == true)
        {
            record.RecordType = ProgressRecordType.Completed;
            _open.Remove(activity);
        }
        else
        {
            _open[activity] = record;
        }

        cmdlet.WriteProgress(record);
    }

    /// <summary>Completes the activities the daemon left open (the request failed, or the client stopped it).</summary>
    public void CompleteAll()
    {
        foreach (var open in _open.Values)
        {
            cmdlet.WriteProgress(new ProgressRecord(open.ActivityId, open.Activity, open.StatusDescription) { RecordType = ProgressRecordType.Completed });
        }

        _open.Clear();
    }
}
