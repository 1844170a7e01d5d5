namespace Ftgo.Legacy.Auth;

/// <summary>A login of the monolith. Roles are a comma-separated list; the consumer id, if any, is who the user orders as.</summary>
public sealed class User
{
    public long Id { get; private set; }
    public string Username { get; private set; } = "";
    public string PasswordHash { get; internal set; } = "";
    public long? ConsumerId { get; private set; }
    public string Roles { get; private set; } = "";

    private User() { }

    public User(string username, long? consumerId, IEnumerable<string> roles)
    {
        Username = username;
        ConsumerId = consumerId;
        Roles = string.Join(',', roles);
    }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
