namespace SwanShell.Engine.Kernel.Xfrm;

/// <summary>
/// How SwanShell recognises its own XFRM objects, from kernel state alone so that it still works after the daemon
/// crashed: every SA (and larval SA from ALLOCSPI) and every template carries a reqid in
/// [<see cref="ReqidBase"/>, <see cref="ReqidBase"/> + <see cref="ReqidCount"/>) — the engine's reqid plus the base —
/// and every policy has an index of at least <see cref="PolicyIndexBase"/>, which the kernel keeps as given
/// (its own generator counts up from 8 in steps of 8, so it would take 400 million policies to reach our band).
/// Policies without a template (pass, drop) have no reqid, hence the index. Foreign objects — `ip xfrm`, another
/// IKE daemon — fall outside both bands and are never listed, changed or flushed.
/// </summary>
internal static class XfrmOwnership
{
    public const uint ReqidBase = 0xC000_0000;
    public const uint ReqidCount = 0x1000_0000;
    public const uint PolicyIndexBase = 0xC000_0000;

    // The low three bits of a policy index are its direction (the kernel looks policies up by index that way).
    private const int DirectionBits = 3;
    private const uint SerialCount = (uint.MaxValue - PolicyIndexBase + 1) >> DirectionBits;

    public static uint KernelReqid(uint reqid) =>
        reqid < ReqidCount ? ReqidBase + reqid : throw new ArgumentOutOfRangeException(nameof(reqid), reqid, $"XFRM reqids of SwanShell are below {ReqidCount}.");

    public static bool IsOurReqid(uint kernelReqid) => kernelReqid - ReqidBase < ReqidCount;

    public static uint EngineReqid(uint kernelReqid) => kernelReqid - ReqidBase;

    public static bool IsOurPolicy(uint index) => index >= PolicyIndexBase;

    /// <summary>The index of our <paramref name="serial"/>th policy in <paramref name="direction"/>.</summary>
    public static uint PolicyIndex(uint serial, PolicyDirection direction) =>
        PolicyIndexBase | ((serial % SerialCount) << DirectionBits) | (uint)direction;

    public static uint PolicySerial(uint index) => (index - PolicyIndexBase) >> DirectionBits;
}
