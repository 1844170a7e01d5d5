using System.Diagnostics;

namespace Ftgo.Migration.Cdc;

/// <summary>
/// The applier's spans (source <c>Ftgo.Cdc</c>): for each sync mark of a batch that carries the trace context of the
/// monolith request that wrote (<see cref="SourceRecord.TraceParent"/>), a span "cdc apply", a child of that request,
/// over the batch's apply. The request's trace then shows when its write reached the new side. Sampled as the
/// request was: an unsampled request's mark carries nothing.
/// </summary>
public sealed class ApplySpans : IDisposable
{
    public const string SourceName = "Ftgo.Cdc";

    private static readonly ActivitySource Source = new(SourceName);
    private readonly List<Activity> _spans = [];

    public ApplySpans(IReadOnlyList<SourceRecord> batch, int targets)
    {
        if (!Source.HasListeners())
        {
            return;
        }
        var previous = Activity.Current;
        foreach (var mark in batch.Where(r => r.IsMark && r.TraceParent is not null))
        {
            if (ActivityContext.TryParse(mark.TraceParent, null, isRemote: true, out var writer)
                && Source.StartActivity("cdc apply", ActivityKind.Consumer, writer) is { } span)
            {
                span.SetTag("ftgo.cdc.position", mark.Position);
                span.SetTag("ftgo.cdc.batch_changes", batch.Count(r => !r.IsMark));
                span.SetTag("ftgo.cdc.targets", targets);
                _spans.Add(span);
            }
        }
        Activity.Current = previous; // the spans cover the apply; they are not the parent of what it calls
    }

    public void Dispose()
    {
        foreach (var span in _spans)
        {
            span.Dispose();
        }
    }
}
