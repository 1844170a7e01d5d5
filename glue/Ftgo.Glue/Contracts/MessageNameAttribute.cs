namespace Ftgo.Glue.Contracts;

/// <summary>
/// The stable wire name and version of a message, so renaming or moving a record never breaks
/// the bus. A breaking change gets a new record with the next version; both live side by side
/// until every consumer has moved.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class MessageNameAttribute(string name, int version) : Attribute
{
    public string Name { get; } = name;
    public int Version { get; } = version;

    /// <summary>The identity used on the wire, e.g. <c>ftgo.kitchen.ticket-accepted.v1</c>.</summary>
    public string Identity => $"{Name}.v{Version}";
}
