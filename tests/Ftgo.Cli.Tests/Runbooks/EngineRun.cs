extern alias cli;
using cli::Ftgo.Cli.Runbooks;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Migration.Running;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>A runbook run in process by the engine against a world's gateway, as <c>ftgo runbook run</c> runs it.</summary>
internal static class EngineRun
{
    /// <summary>Runs <paramref name="runbook"/> (a minute at most) and returns its result with every event it observed.</summary>
    public static async Task<(RunbookResult Result, RecordingObserver Observer)> RunAsync(World world, Runbook runbook, RunbookOptions options,
        Func<CdcSettings, CdcSettings>? settings = null)
    {
        var observer = new RecordingObserver();
        var engine = new RunbookEngine(world.Admin, () => settings is null ? world.CdcSettings : settings(world.CdcSettings), observer);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return (await engine.RunAsync(runbook, options, timeout.Token), observer);
    }
}
