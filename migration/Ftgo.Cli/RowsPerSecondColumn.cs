using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ftgo.Cli;

/// <summary>A progress column showing the task's speed in rows per second.</summary>
internal sealed class RowsPerSecondColumn : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Markup(task.Speed is { } speed ? $"[blue]{speed:N0} rows/s[/]" : "[grey]- rows/s[/]");
}
