using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Shadow;

/// <summary>A read to copy to the other side and compare with the answer the client got.</summary>
internal sealed record ShadowWork(
    GroupState Group,
    string ClientPath,
    string OtherSidePathAndQuery,
    Side OtherSide,
    string PrimaryOrigin,
    string Cookie,
    string Accept,
    ShadowAnswer Primary,
    long EnqueuedAt);

/// <summary>One side's answer; <see cref="ContentEncoding"/> is set when the body is still compressed.</summary>
internal sealed record ShadowAnswer(int Status, string? ContentType, ReadOnlyMemory<byte> Body, bool Truncated,
    string? ContentEncoding = null);
