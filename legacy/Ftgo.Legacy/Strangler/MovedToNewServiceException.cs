using Ftgo.Hosting.Problems;
using Ftgo.Stages;

namespace Ftgo.Legacy.Strangler;

/// <summary>
/// 410 <c>moved-to-new-service</c>: the monolith was asked to do what the new service owns now (a
/// kitchen or delivery command for an order whose group is on the new side, reaching the monolith
/// without the gateway). Doing it here would split the brain, so the monolith refuses and names the
/// owner; the problem body also carries <c>service</c>, <c>group</c> and <c>stage</c>.
/// </summary>
public sealed class MovedToNewServiceException(string group, MigrationStage stage, string subject)
    : FtgoProblemException(StatusCodes.Status410Gone, ProblemCode,
        $"{subject} is handled by the {Capitalised(group)} service now (route group '{group}' is at stage " +
        $"'{stage.ToWire()}'); send the request through the gateway.")
{
    public const string ProblemCode = "moved-to-new-service";

    /// <summary>The service that owns the request now (the group's service: <c>kitchen</c>, <c>delivery</c>).</summary>
    public string Service { get; } = group;

    public string Group { get; } = group;

    public MigrationStage Stage { get; } = stage;

    private static string Capitalised(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
}
