using System.Diagnostics;
using Ftgo.Messaging.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Ftgo.Messaging.Tests;

/// <summary>
/// The transactional outbox across a crash: a child process commits a row and its outgoing message
/// together, is killed with SIGKILL before sending, and delivers the message exactly once when started again.
/// </summary>
public sealed class OutboxTests
{
    [Fact]
    public async Task KilledBetweenCommitAndPublish_DeliversExactlyOnceAfterRestart_Sqlite()
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-msg-").FullName;
        var childDb = $"Data Source={folder}/child.db";
        await KillAndRecover(new BusSetup("rabbitmq", "sqlite", childDb, RealEngines.RabbitMq),
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/receiver.db", RealEngines.RabbitMq),
            async () =>
            {
                await using var connection = new SqliteConnection(childDb);
                await connection.OpenAsync();
                await using var command = new SqliteCommand(
                    "SELECT (SELECT count(*) FROM probe_rows) || '/' || (SELECT count(*) FROM outbox_child_wolverine_outgoing_envelopes)", connection);
                return (string)(await command.ExecuteScalarAsync())!;
            });
    }

    [Fact]
    public async Task KilledBetweenCommitAndPublish_DeliversExactlyOnceAfterRestart_Postgres()
    {
        await using var db = await TestDatabase.CreateAsync(Store.Postgres, "messaging");
        await KillAndRecover(new BusSetup("rabbitmq", "postgres", db.ConnectionString, RealEngines.RabbitMq),
            new BusSetup("rabbitmq", "postgres", db.ConnectionString, RealEngines.RabbitMq),
            () => PostgresRowsAndOutgoingAsync(db.ConnectionString));
    }

    /// <summary>
    /// Two nodes of a service on PostgreSQL (Wolverine's Balanced durability): the one that committed is killed
    /// before sending, and the other, running all along, takes its unsent message over once the killed node is
    /// stale (Ftgo:Messaging:StaleNodeAfter), and delivers it once. No restart of the killed node is needed.
    /// </summary>
    [Fact]
    public async Task KilledBetweenCommitAndPublish_TheOtherNodeDeliversItExactlyOnce_WithoutARestart_Postgres()
    {
        await using var db = await TestDatabase.CreateAsync(Store.Postgres, "messaging");
        await KillAndRecover(new BusSetup("rabbitmq", "postgres", db.ConnectionString, RealEngines.RabbitMq),
            new BusSetup("rabbitmq", "postgres", db.ConnectionString, RealEngines.RabbitMq),
            () => PostgresRowsAndOutgoingAsync(db.ConnectionString), otherNodeRunning: true);
    }

    /// <summary>"rows/outgoing envelopes" in the child's PostgreSQL database.</summary>
    private static async Task<string> PostgresRowsAndOutgoingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM probe_rows) || '/' || (SELECT count(*) FROM outbox_child.wolverine_outgoing_envelopes)", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <param name="rowsAndOutgoing">"rows/outgoing envelopes" in the child's database.</param>
    /// <param name="otherNodeRunning">A second node of the child runs before the first commits, and is the one that recovers.</param>
    private static async Task KillAndRecover(BusSetup child, BusSetup receiverSetup, Func<Task<string>> rowsAndOutgoing,
        bool otherNodeRunning = false)
    {
        var queue = BusHosts.Unique("outbox");
        var run = Guid.NewGuid();
        using var receiver = await BusHosts.StartAsync(receiverSetup, queue, queue);
        using var other = otherNodeRunning ? StartChild(child, "recover", queue) : null;
        try
        {
            if (other is not null)
            {
                await WaitForLineAsync(other, "RECOVERING");
            }
            using (var committing = StartChild(child, "commit", run.ToString(), queue))
            {
                await WaitForLineAsync(committing, "COMMITTED");
                committing.Kill(); // SIGKILL: no shutdown hooks, nothing flushed
                await committing.WaitForExitAsync();
            }
            // The row and its message are both on disk, and the message was never sent.
            Assert.Equal("1/1", await rowsAndOutgoing());

            using var recovering = other ?? StartChild(child, "recover", queue);
            try
            {
                await Eventually.UntilAsync(() => Task.FromResult(ProbeLog.HandledOf(run)), h => h.Count >= 1,
                    "the recovered message", TimeSpan.FromSeconds(60));
                await Eventually.UntilAsync(rowsAndOutgoing, v => v == "1/0", "the outbox to be emptied", TimeSpan.FromSeconds(30));
                Assert.Equal([1], ProbeLog.HandledOf(run));
            }
            finally
            {
                recovering.Kill();
                await recovering.WaitForExitAsync();
            }
        }
        finally
        {
            await receiver.StopAsync();
            await Rabbit.DeleteAsync(RealEngines.RabbitMq, queue);
        }
    }

    private static Process StartChild(BusSetup setup, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Ftgo.Messaging.OutboxChild.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in setup.Configuration())
        {
            info.Environment[key.Replace(":", "__")] = value;
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForLineAsync(Process process, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains(expected, StringComparison.Ordinal))
            {
                return;
            }
        }
        throw new InvalidOperationException($"The child exited (code {process.ExitCode}) before printing {expected}.");
    }
}
