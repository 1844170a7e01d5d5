using System.Text.RegularExpressions;

namespace Ftgo.Stages;

/// <summary>Route group names are flag ids: lower-case letters, digits and dashes.</summary>
public static partial class GroupNames
{
    public static bool IsValid(string? name) => name is { Length: > 0 and <= 64 } && Pattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex Pattern();
}
