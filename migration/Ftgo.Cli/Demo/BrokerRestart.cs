using System.Diagnostics;
using Npgsql;

namespace Ftgo.Cli.Demo;

/// <summary>
/// The broker fault of the postgres profile: the demo does not own RabbitMQ, so it runs the command
/// the team gave (<c>--restart-broker</c>, e.g. <c>systemctl restart rabbitmq-server</c>) and then
/// watches what has to recover: every service's health (which opens a fresh AMQP connection), and the
/// messages the services' durable outboxes held while the broker was away, until each was sent.
/// </summary>
internal sealed class BrokerRestart(string command, IEnumerable<string> databases)
{
    /// <summary>The outbox table Wolverine keeps in each service's schema.</summary>
    private const string OutboxTable = "wolverine_outgoing_envelopes";

    public string Command => command;

    /// <summary>Runs the command through <c>/bin/sh -c</c>; its exit code and the tail of its output.</summary>
    public async Task<(int Code, string Output)> RunAsync(TimeSpan timeout, CancellationToken ct)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start /bin/sh for '{command}'");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"did not finish within {timeout.TotalSeconds:N0} s");
        }
        var text = (await output + await error).Trim();
        return (process.ExitCode, text.Length > 400 ? "…" + text[^400..] : text);
    }

    /// <summary>The ids of the envelopes waiting in every service outbox of the demo's databases.</summary>
    public async Task<HashSet<Guid>> HeldAsync(CancellationToken ct)
    {
        var held = new HashSet<Guid>();
        foreach (var database in databases.Distinct(StringComparer.Ordinal))
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(ct);
            var schemas = new List<string>();
            await using (var find = new NpgsqlCommand("SELECT table_schema FROM information_schema.tables WHERE table_name = @t", connection))
            {
                find.Parameters.AddWithValue("t", OutboxTable);
                await using var reader = await find.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    schemas.Add(reader.GetString(0));
                }
            }
            foreach (var schema in schemas)
            {
                await using var read = new NpgsqlCommand($"SELECT id FROM \"{schema.Replace("\"", "\"\"")}\".{OutboxTable}", connection);
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    held.Add(reader.GetGuid(0));
                }
            }
        }
        return held;
    }
}
