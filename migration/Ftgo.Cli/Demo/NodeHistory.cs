using Npgsql;

namespace Ftgo.Cli.Demo;

/// <summary>
/// What Wolverine recorded about a service's nodes (<c>&lt;schema&gt;.wolverine_node_records</c>, on PostgreSQL): nodes
/// started, the lead taken, a stale node ejected — after which a live node owns its unsent and unfinished messages.
/// The demo prints it once the walk is over, so each node failover shows in the service's own history.
/// </summary>
internal static class NodeHistory
{
    private static readonly string[] Events = ["NodeStarted", "LeadershipAssumed", "DormantNodeEjected"];

    /// <summary>"node 1 started 16:42:52, …, node 1 ejected (Health check on Node 2) 16:43:57"; null when the table is not there.</summary>
    public static async Task<string?> DescribeAsync(string connectionString, string schema, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT node_number, event_name, timestamp, coalesce(description, '') FROM \"{schema}\".wolverine_node_records " +
            "WHERE event_name = ANY(@events) ORDER BY id", connection);
        command.Parameters.AddWithValue("events", Events);
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var events = new List<string>();
            while (await reader.ReadAsync(ct))
            {
                var (node, name, at, description) = (reader.GetInt32(0), reader.GetString(1), reader.GetDateTime(2), reader.GetString(3));
                var what = name switch
                {
                    "NodeStarted" => "started",
                    "LeadershipAssumed" => "took the lead",
                    _ => $"ejected as stale ({description}), its messages taken over",
                };
                events.Add($"node {node} {what} {at.ToUniversalTime():HH:mm:ss}");
            }
            return string.Join(", ", events);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }
}
