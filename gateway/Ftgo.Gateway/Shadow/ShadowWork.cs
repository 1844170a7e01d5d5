using Ftgo.Comparison;
using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// A read to copy to the other side and compare with the answer the client got; the primary answer's
/// headers are copied only while the group's reads are captured.
/// </summary>
internal sealed record ShadowWork(
    GroupState Group,
    string ClientPath,
    string OtherSidePathAndQuery,
    Side OtherSide,
    string PrimaryOrigin,
    string Cookie,
    string Accept,
    HttpAnswer Primary,
    long EnqueuedAt,
    string ClientQuery = "",
    IReadOnlyList<KeyValuePair<string, string>>? PrimaryHeaders = null);
