using System.Text.Json.Nodes;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Testing.Processes;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>
/// A runbook's state outlives its process: a run SIGKILLed while a step holds its gate, started again, holds
/// the same step from the same start (a 168-hour hold is not restarted by a crash); and one run drives a
/// group at a time, a second one exits naming the first.
/// </summary>
public sealed class DurableRunbookTests : IAsyncLifetime
{
    private const string Runbook = """
        name: hold-kitchen
        group: kitchen
        description: one step held for an hour
        rollback_to: dualwrite
        poll: 100ms
        steps:
          - step: 1
            do: stage
            stage: dualwrite
            title: dualwrite held an hour
            gate: { min_hold: 1h, timeout: 2h }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("ftgo-durable-runbook-").FullName;
    private World _world = null!;

    /// <summary>The control store's database, on the postgres case.</summary>
    private string? _control;

    public async Task InitializeAsync()
    {
        _world = await World.StartAsync();
        await File.WriteAllTextAsync(RunbookFile, Runbook);
    }

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
        if (_control is not null)
        {
            await RealEngines.DropDatabaseAsync(_control);
        }
    }

    private string RunbookFile => Path.Combine(_folder, "hold-kitchen.yaml");

    private string HoldFile => Path.Combine(_folder, "data", "runbooks", "kitchen.hold.json");

    [Theory]
    [InlineData("file")]
    [InlineData("postgres")]
    public async Task ARunKilledWhileHolding_StartedAgain_HoldsTheSameStepFromTheSameStart_AndASecondRunnerIsRefused(string store)
    {
        if (store == "postgres")
        {
            _control = await RealEngines.CreateDatabaseAsync();
        }
        await using var first = Start();
        var held = await Eventually.UntilAsync(ReadHoldAsync, h => h is not null, "the first run to hold step 1", context: () => Task.FromResult(first.Tail(20)));
        var started = held!["started"]!.GetValue<string>();

        var second = await FtgoProcess.RunAsync(Environment(), "runbook", "--file", RunbookFile);
        Assert.True(second.Code == 1, second.ToString());
        Assert.Contains($"Another 'ftgo runbook' is running kitchen: runbook hold-kitchen on {System.Environment.MachineName}, pid {first.Id}", second.Error);

        await first.KillAsync();
        await using var again = Start();

        var resumed = DateTimeOffset.Parse(started, System.Globalization.CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ");
        await Eventually.UntilAsync(() => Task.FromResult(again.Tail(50)), output => output.Contains($"step 1: resuming its hold, begun {resumed}"),
            "the second run to resume the first one's hold");
        Assert.Equal(started, (await ReadHoldAsync())!["started"]!.GetValue<string>());
    }

    private ChildProcess Start()
    {
        var environment = Environment().ToDictionary(e => e.Key, e => (string?)e.Value);
        return ChildProcess.StartDotnet("ftgo runbook", FtgoProcess.Dll, ["runbook", "--file", RunbookFile], Path.GetTempPath(), environment);
    }

    private Dictionary<string, string> Environment()
    {
        var environment = _world.Environment();
        environment["Ftgo__DataFolder"] = Path.Combine(_folder, "data");
        if (_control is not null)
        {
            environment["Ftgo__Flags__Store"] = "postgres";
            environment["ConnectionStrings__Control"] = _control;
        }
        return environment;
    }

    private async Task<JsonNode?> ReadHoldAsync()
    {
        if (_control is not null)
        {
            await using var connection = new Npgsql.NpgsqlConnection(_control);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT hold FROM control.runbook_holds WHERE group_name = 'kitchen' AND to_regclass('control.runbook_holds') IS NOT NULL", connection);
            try
            {
                return await command.ExecuteScalarAsync() is string json ? JsonNode.Parse(json) : null;
            }
            catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable || e.SqlState == Npgsql.PostgresErrorCodes.InvalidSchemaName)
            {
                return null; // not migrated yet: the run has not started
            }
        }
        try
        {
            return File.Exists(HoldFile) ? JsonNode.Parse(await File.ReadAllTextAsync(HoldFile)) : null;
        }
        catch (IOException)
        {
            return null; // being replaced
        }
    }
}
