using Ftgo.Migration.Applying;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Sources.Postgres;
using Ftgo.Migration.Sources.Sqlite;
using Ftgo.Migration.Transport.Kafka;

namespace Ftgo.Migration.Running;

/// <summary>
/// <c>ftgo cdc run</c>: wires the configured source, transport and applier and runs until
/// cancelled. In process: source → applier. Through Kafka: source → Kafka (Debezium topics) and,
/// beside it, Kafka consumer group → applier. From real Debezium: Kafka → applier only. Every
/// pump resumes from its own acknowledgement (slot, change table, committed offsets) and the
/// applier's checkpoints skip what was already applied.
/// </summary>
public static class CdcRunner
{
    /// <param name="say">Told what the operator should see: a Kafka consumer's partitions assigned and revoked.</param>
    public static async Task RunAsync(CdcSettings settings, CdcStatistics statistics, CancellationToken ct, Action<string>? say = null)
    {
        var applier = new ChangeApplier(settings.Targets, statistics);
        await applier.PrepareAsync(ct);
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pumps = new List<Task>();
        KafkaChangePublisher? publisher = null;
        var sources = new List<IChangeSource>();
        try
        {
            if (settings.Source != CdcSettings.KafkaDebezium)
            {
                IChangeSource source = settings.Source == CdcSettings.PgOutput
                    ? new PgOutputSource(settings.Postgres)
                    : new SqliteTriggerSource(settings.Sqlite);
                sources.Add(source);
                if (settings.Transport == CdcSettings.Kafka)
                {
                    publisher = new KafkaChangePublisher(settings.KafkaOptions);
                    pumps.Add(Run(new ChangePump(source, publisher), failed));
                }
                else
                {
                    pumps.Add(Run(new ChangePump(source, applier, statistics), failed));
                }
            }
            if (settings.Transport == CdcSettings.Kafka || settings.Source == CdcSettings.KafkaDebezium)
            {
                var consumer = new KafkaDebeziumSource(settings.KafkaOptions, say);
                sources.Add(consumer);
                pumps.Add(Run(new ChangePump(consumer, applier, statistics), failed));
            }
            await Task.WhenAll(pumps);
        }
        finally
        {
            await failed.CancelAsync();
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
            publisher?.Dispose();
        }
    }

    private static Task Run(ChangePump pump, CancellationTokenSource failed) =>
        Task.Run(async () =>
        {
            try
            {
                await pump.RunAsync(failed.Token);
            }
            catch
            {
                await failed.CancelAsync();
                throw;
            }
        });

    /// <summary>Prepares the source side (slot and publication, or triggers) without streaming.</summary>
    public static Task PrepareSourceAsync(CdcSettings settings, CancellationToken ct) => settings.Source switch
    {
        CdcSettings.PgOutput => PostgresCdcSetup.EnsureAsync(settings.Postgres, ct),
        CdcSettings.SqliteTriggers => SqliteCdcSetup.EnsureAsync(settings.LegacyConnectionString, ct),
        _ => Task.CompletedTask,
    };

    /// <summary>The source's current position (before a snapshot), or 0 when the source is external (Debezium).</summary>
    public static Task<long> CurrentPositionAsync(CdcSettings settings, CancellationToken ct) => settings.Source switch
    {
        CdcSettings.PgOutput => PostgresCdcSetup.CurrentPositionAsync(settings.LegacyConnectionString, ct),
        CdcSettings.SqliteTriggers => SqliteCdcSetup.CurrentPositionAsync(settings.LegacyConnectionString, ct),
        _ => Task.FromResult(0L),
    };
}
