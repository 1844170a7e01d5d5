using Ftgo.Comparison;
using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// A read to copy to the other side and compare with the answer the client got; the primary answer's
/// headers are copied only while the group's reads are captured. Always a <c>GET</c> (the middleware
/// copies nothing else), so that reading it again to confirm a difference is safe.
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
    IReadOnlyList<KeyValuePair<string, string>>? PrimaryHeaders = null,
    string? PrimaryPathAndQuery = null)
{
    /// <summary>Where a side is asked this read: the new side's path may differ (<c>NewPath</c> of the route).</summary>
    public string PathAndQueryOn(Side side) => side == OtherSide
        ? OtherSidePathAndQuery
        : PrimaryPathAndQuery ?? ClientPath + ClientQuery;
}
