using Ftgo.Comparison;
using Ftgo.Comparison.Capture;

namespace Ftgo.Cli.Replay;

/// <summary>One recorded exchange to replay, with the line it came from and the rules of the header above it.</summary>
internal sealed record ReplayCase(int Line, CapturedExchange Exchange, ComparisonRules Rules);
