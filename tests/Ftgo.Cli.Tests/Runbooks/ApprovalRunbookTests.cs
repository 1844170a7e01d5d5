using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Stages;
using Ftgo.Testing.Processes;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>
/// A runbook step of kind <c>approve</c> waits for a person: the wait is in the group's flags (every replica and
/// dashboard shows it), <c>ftgo approve</c> names the step and says why, and a run killed while it waits, started
/// again, goes on with an approval given meanwhile.
/// </summary>
public sealed class ApprovalRunbookTests : IAsyncLifetime
{
    private const string Runbook = """
        name: approve-kitchen
        group: kitchen
        description: a person approves before the shadow stage
        poll: 100ms
        steps:
          - step: 1
            do: stage
            stage: dualwrite
            title: dual writes
          - step: 2
            do: approve
            title: the kitchen team has looked at the dual writes
            gate: { timeout: 1h }
          - step: 3
            do: stage
            stage: shadow
            title: shadow reads
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("ftgo-approval-runbook-").FullName;
    private World _world = null!;

    public async Task InitializeAsync()
    {
        _world = await World.StartAsync();
        await File.WriteAllTextAsync(RunbookFile, Runbook);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string RunbookFile => Path.Combine(_folder, "approve-kitchen.yaml");

    [Fact]
    public async Task AnApproveStep_WaitsForFtgoApprove_EvenAcrossARunKilledWhileItWaits()
    {
        await using var first = Start();
        await Eventually.UntilAsync(() => Task.FromResult(_world.Gateway.Flags("kitchen").Approval), a => a is { Step: 2 },
            "the run to ask for step 2's approval", context: () => Task.FromResult(first.Tail(20)));
        await Eventually.UntilAsync(() => Task.FromResult(first.Tail(20)), o => o.Contains("waiting: ftgo approve kitchen --step 2"),
            "the run to show what it waits for");
        Assert.Equal(MigrationStage.DualWrite, _world.Gateway.Flags("kitchen").Stage);

        var wrong = await FtgoProcess.RunAsync(_world.Environment(), "approve", "kitchen", "--step", "3", "--reason", "looks fine");
        Assert.True(wrong.Code == 7, wrong.ToString());
        Assert.Contains("step 2 of runbook approve-kitchen waits for approval", wrong.Error);
        var noReason = await FtgoProcess.RunAsync(_world.Environment(), "approve", "kitchen", "--step", "2");
        Assert.True(noReason.Code == 2, noReason.ToString());

        await first.KillAsync();
        var approved = await FtgoProcess.RunAsync(_world.Environment(), "approve", "kitchen", "--step", "2", "--reason", "dual writes reconcile");
        Assert.True(approved.Code == 0, approved.ToString());
        Assert.Contains("kitchen: step 2 of runbook approve-kitchen (the kitchen team has looked at the dual writes) approved by admin", approved.Output);

        await using var again = Start();
        var code = await again.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(code == 0, again.Tail(40));
        Assert.Contains("approval given by admin: dual writes reconcile", again.Tail(40));
        Assert.Equal(MigrationStage.Shadow, _world.Gateway.Flags("kitchen").Stage);
        var history = await FtgoProcess.RunAsync(_world.Environment(), "history", "kitchen");
        Assert.Contains("by admin (person)  approved step 2 of runbook approve-kitchen (the kitchen team has looked at the dual writes): dual writes reconcile",
            history.Output);
    }

    private ChildProcess Start()
    {
        var environment = _world.Environment().ToDictionary(e => e.Key, e => (string?)e.Value);
        environment["Ftgo__DataFolder"] = Path.Combine(_folder, "data");
        return ChildProcess.StartDotnet("ftgo runbook", FtgoProcess.Dll, ["runbook", "--file", RunbookFile], Path.GetTempPath(), environment);
    }
}
