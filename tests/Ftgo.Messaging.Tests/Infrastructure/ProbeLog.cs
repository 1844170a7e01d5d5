using System.Collections.Concurrent;
using Ftgo.Messaging.OutboxChild;

namespace Ftgo.Messaging.Tests.Infrastructure;

/// <summary>Every probe handled and every poison attempt, per run, in this test process.</summary>
public static class ProbeLog
{
    private static readonly ConcurrentDictionary<Guid, ConcurrentQueue<int>> Handled = new();
    private static readonly ConcurrentDictionary<Guid, int> PoisonAttempts = new();

    private static readonly ConcurrentDictionary<Guid, TaskCompletionSource> Holds = new();

    public static void Record(Probe probe) => Handled.GetOrAdd(probe.Run, _ => new()).Enqueue(probe.Seq);

    /// <summary>Holds the run's probes in their handler (the envelope stays in the inbox, owned) until <see cref="Release"/>.</summary>
    public static void Hold(Guid run) => Holds[run] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void Release(Guid run)
    {
        if (Holds.TryGetValue(run, out var hold))
        {
            hold.TrySetResult();
        }
    }

    public static Task HeldAsync(Probe probe) => Holds.TryGetValue(probe.Run, out var hold) ? hold.Task : Task.CompletedTask;

    public static IReadOnlyList<int> HandledOf(Guid run) =>
        Handled.TryGetValue(run, out var seqs) ? seqs.ToArray() : [];

    public static void RecordPoison(Guid run) => PoisonAttempts.AddOrUpdate(run, 1, (_, n) => n + 1);

    public static int PoisonAttemptsOf(Guid run) => PoisonAttempts.GetValueOrDefault(run);
}

public static class ProbeHandler
{
    public static async Task Handle(Probe probe)
    {
        await ProbeLog.HeldAsync(probe);
        ProbeLog.Record(probe);
    }
}

public static class PoisonHandler
{
    public static void Handle(Poison poison)
    {
        ProbeLog.RecordPoison(poison.Run);
        throw new InvalidOperationException($"poison {poison.Run}");
    }
}
