namespace Ftgo.Cli;

/// <summary>Reports on the calling thread, in order (the backfill reports between batches).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
