using System.Diagnostics.Metrics;

namespace Ftgo.Migration.Cdc;

/// <summary>
/// A runner's <see cref="CdcStatistics"/> as OpenTelemetry instruments (meter <c>Ftgo.Cdc</c>), all observed at
/// collection time: the apply path records nothing more than it did.
/// </summary>
public sealed class CdcMetrics : IDisposable
{
    public const string MeterName = "Ftgo.Cdc";

    private readonly Meter _meter = new(MeterName);

    public CdcMetrics(CdcStatistics statistics, Func<bool> streaming)
    {
        _meter.CreateObservableCounter("ftgo.cdc.changes", () => statistics.Records, "{change}",
            "Changes read and made durable (applied, or kept as dead letters) since the runner started.");
        _meter.CreateObservableCounter("ftgo.cdc.dead_letters", () => statistics.Malformed, "{change}",
            "Changes that could not be read or applied, kept as dead letters.");
        _meter.CreateObservableGauge("ftgo.cdc.lag", () => statistics.Lags.Select(l =>
                new Measurement<double>(l.Value.TotalSeconds, new KeyValuePair<string, object?>("target", l.Key))),
            "s", "Each target's lag behind the monolith's stream: the age of the oldest change it has not applied.");
        _meter.CreateObservableGauge("ftgo.cdc.slot.retained_wal", () => statistics.RetainedWal is { } bytes
                ? [new Measurement<long>(bytes)]
                : Array.Empty<Measurement<long>>(),
            "By", "WAL the replication slot holds back on the monolith's PostgreSQL (pgoutput).");
        _meter.CreateObservableGauge("ftgo.cdc.kafka.consumer_lag", () => statistics.KafkaLag is { } messages
                ? [new Measurement<long>(messages)]
                : Array.Empty<Measurement<long>>(),
            "{message}", "Messages on the change topics the applier's consumer group has not committed (Kafka).");
        _meter.CreateObservableGauge("ftgo.cdc.leading", () => new Measurement<int>(streaming() ? 1 : 0),
            "{runner}", "1 while this runner streams (leader, or Kafka group member), 0 while it stands by.");
    }

    public void Dispose() => _meter.Dispose();
}
