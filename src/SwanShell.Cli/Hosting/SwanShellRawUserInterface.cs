using System.Management.Automation.Host;

namespace SwanShell.Cli.Hosting;

/// <summary>
/// The little of a raw console that formatting needs: a buffer width. swanshell draws no full-screen UI,
/// so cell buffers are not supported.
/// </summary>
internal sealed class SwanShellRawUserInterface(int width) : PSHostRawUserInterface
{
    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize { get; set; } = new(width, short.MaxValue);

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; } = 1;

    public override bool KeyAvailable => false;

    public override Size MaxPhysicalWindowSize => new(width, 50);

    public override Size MaxWindowSize => new(width, 50);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize { get; set; } = new(width, 50);

    public override string WindowTitle { get; set; } = "swanshell";

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw Unsupported();

    public override KeyInfo ReadKey(ReadKeyOptions options) => throw Unsupported();

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw Unsupported();

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw Unsupported();

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw Unsupported();

    private static NotSupportedException Unsupported() => new("swanshell does not give scripts access to the console's cell buffer.");
}
