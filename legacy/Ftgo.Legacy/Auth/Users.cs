using Ftgo.Legacy.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Auth;

/// <summary>Creates logins; passwords are stored as ASP.NET Core Identity hashes.</summary>
public sealed class Users(LegacyDbContext db, IPasswordHasher<User> hasher)
{
    public async Task<User> EnsureAsync(string username, string password, long? consumerId, IEnumerable<string> roles,
        CancellationToken ct)
    {
        var existing = await db.Users.FirstOrDefaultAsync(u => u.Username == username, ct);
        if (existing is not null)
        {
            return existing;
        }
        var user = new User(username, consumerId, roles);
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return user;
    }
}
