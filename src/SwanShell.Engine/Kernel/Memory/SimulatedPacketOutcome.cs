namespace SwanShell.Engine.Kernel.Memory;

/// <summary>What the simulated kernel did with an outbound packet.</summary>
public enum SimulatedPacketOutcome
{
    /// <summary>No policy matched: sent in the clear.</summary>
    Clear,

    /// <summary>A pass policy matched: sent in the clear on purpose.</summary>
    Passed,

    /// <summary>A drop policy matched.</summary>
    Dropped,

    /// <summary>Protected by an installed SA, whose counters moved.</summary>
    Protected,

    /// <summary>A trap matched with no SA: held, and an ACQUIRE raised.</summary>
    Acquired,

    /// <summary>A trap matched while an ACQUIRE for it is still pending: held without a new one.</summary>
    Held,
}
