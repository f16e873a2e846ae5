namespace SwanShell.Engine.Daemon;

/// <summary>
/// Hands out reqids, which tie a connection's SAs to its policies. Ours start at <see cref="First"/> and step by
/// four, as libreswan's do, so that a configured <c>reqid=</c> below that never collides with one we chose.
/// </summary>
public sealed class ReqidAllocator
{
    public const uint First = 16384;
    public const uint Step = 4;

    private readonly HashSet<uint> _used = [];
    private uint _next = First;

    /// <summary>The configured reqid if given and free, else the next free one of ours.</summary>
    public uint Allocate(uint? configured)
    {
        if (configured is { } wanted)
        {
            if (!_used.Add(wanted))
            {
                throw new InvalidOperationException($"reqid {wanted} is already used by another connection");
            }

            return wanted;
        }

        while (!_used.Add(_next))
        {
            _next += Step;
        }

        var reqid = _next;
        _next += Step;
        return reqid;
    }

    public void Release(uint reqid) => _used.Remove(reqid);
}
