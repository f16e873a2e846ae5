using SwanShell.Engine.Config;
using SwanShell.Engine.Kernel;

namespace SwanShell.Engine.Daemon.Ike;

/// <summary>
/// The netfilter marks of a connection's kernel state (<c>mark=</c>, <c>mark-in=</c>, <c>mark-out=</c>): the inbound SA
/// and the in and forward policies carry <see cref="In"/>, the outbound SA and the out policy <see cref="Out"/>.
/// </summary>
public readonly record struct SaMarks(KernelMark In, KernelMark Out)
{
    /// <summary>Whether a mark is <c>-1</c>, a value of each peer's own.</summary>
    public static bool AreUnique(ConnectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Mark?.Unique == true || definition.MarkIn?.Unique == true || definition.MarkOut?.Unique == true;
    }

    /// <param name="definition">The connection's settings.</param>
    /// <param name="unique">The value a <c>-1</c> mark takes.</param>
    public static SaMarks Of(ConnectionDefinition definition, uint unique)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new SaMarks(Resolve(definition.MarkIn ?? definition.Mark, unique), Resolve(definition.MarkOut ?? definition.Mark, unique));
    }

    private static KernelMark Resolve(XfrmMark? mark, uint unique) =>
        mark is null ? default : new KernelMark((mark.Unique ? unique : mark.Value) & mark.Mask, mark.Mask);
}
