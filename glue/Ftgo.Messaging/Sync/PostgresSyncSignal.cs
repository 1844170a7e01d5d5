using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// Wakes waiters on PostgreSQL: one connection per process listens on <see cref="ChangeStream.NotifyChannel"/>,
/// which the CDC applier notifies when it commits a batch and a trigger on this service's inbox
/// notifies when a message is marked handled (<see cref="InboxNotifyTrigger"/>). A lost connection wakes
/// every waiter (to check again) and is reopened.
/// </summary>
internal sealed class PostgresSyncSignal(string connectionString, SyncPulse pulse, ILogger<PostgresSyncSignal> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => pulse.Fire();
                await using (var listen = new NpgsqlCommand($"LISTEN {ChangeStream.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                pulse.Fire(); // what was committed before the LISTEN took effect
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                pulse.Fire();
                log.LogWarning(e, "The sync listener lost its PostgreSQL connection; it reconnects in 1 s (waiting requests check again meanwhile)");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
