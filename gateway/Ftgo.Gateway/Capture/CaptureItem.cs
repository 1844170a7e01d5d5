using Ftgo.Comparison;
using Ftgo.Gateway.Shadow;

namespace Ftgo.Gateway.Capture;

/// <summary>
/// A compared read waiting to be written: the copy's work, both answers with their headers, the verdict, and
/// how it was reached (<see cref="Shadow.ConfirmStates.ToWire"/>; the answers are the re-read's when there was one).
/// </summary>
internal sealed record CaptureItem(
    ShadowWork Work,
    DateTimeOffset At,
    HttpAnswer Legacy,
    IReadOnlyList<KeyValuePair<string, string>> LegacyHeaders,
    HttpAnswer New,
    IReadOnlyList<KeyValuePair<string, string>> NewHeaders,
    ComparisonVerdict Verdict,
    string? Confirmation = null,
    IReadOnlyList<string>? FirstDifferences = null);
