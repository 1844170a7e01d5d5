using System.Diagnostics;
using Npgsql;

namespace Ftgo.Migration.Benchmarks;

/// <summary>
/// CPU seconds spent by this process and by the PostgreSQL backends serving the benchmark's
/// database (read from <c>/proc</c>: the server must run on this machine). On a shared machine
/// the wall-clock figures move with the other load; the CPU each side spent moves much less, so
/// it says where the work is. A backend that ends during the measure is not counted.
/// </summary>
internal sealed class CpuMeter
{
    private readonly string _connectionString;
    private readonly TimeSpan _client;
    private readonly Dictionary<int, double> _server;

    private CpuMeter(string connectionString, TimeSpan client, Dictionary<int, double> server)
    {
        _connectionString = connectionString;
        _client = client;
        _server = server;
    }

    public static async Task<CpuMeter> StartAsync(string connectionString) =>
        new(connectionString, Process.GetCurrentProcess().TotalProcessorTime, await BackendsAsync(connectionString));

    /// <summary>CPU seconds since the start: this process, and the server's backends (null when /proc does not show them).</summary>
    public async Task<(double Client, double? Server)> StopAsync()
    {
        var client = (Process.GetCurrentProcess().TotalProcessorTime - _client).TotalSeconds;
        var now = await BackendsAsync(_connectionString);
        return (client, now.Count == 0 ? null : now.Sum(b => b.Value - _server.GetValueOrDefault(b.Key)));
    }

    private static async Task<Dictionary<int, double>> BackendsAsync(string connectionString)
    {
        var pids = new List<int>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database()", connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                pids.Add(reader.GetInt32(0));
            }
        }
        var result = new Dictionary<int, double>();
        foreach (var pid in pids)
        {
            try
            {
                // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): user and system time in clock ticks (100 per second).
                var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                result[pid] = (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return result;
    }
}
