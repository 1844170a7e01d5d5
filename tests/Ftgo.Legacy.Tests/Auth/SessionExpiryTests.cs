using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Ftgo.Legacy.Tests.Auth;

/// <summary>
/// A session lasts <c>Ftgo:Legacy:SessionLifetime</c> (set to 2 h here, against the 8 h default)
/// and is not renewed by use. The app's <see cref="TimeProvider"/> is a fake the test advances.
/// </summary>
public abstract class SessionExpiryTests(SessionExpiryTests.ClockFixture fixture)
{
    public abstract class ClockFixture(Store store) : LegacyFixture(store)
    {
        public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

        protected override TimeProvider? Clock => Time;

        protected override IReadOnlyDictionary<string, string?> Settings =>
            new Dictionary<string, string?> { ["Ftgo:Legacy:SessionLifetime"] = "02:00:00" };
    }

    public sealed class SqliteClockFixture() : ClockFixture(Store.Sqlite);

    public sealed class PostgresClockFixture() : ClockFixture(Store.Postgres);

    public sealed class Sqlite(SqliteClockFixture fixture) : SessionExpiryTests(fixture), IClassFixture<SqliteClockFixture>;

    public sealed class Postgres(PostgresClockFixture fixture) : SessionExpiryTests(fixture), IClassFixture<PostgresClockFixture>;

    private static object Consumer => new { name = new { firstName = "John", lastName = "Doe" } };

    [Fact]
    public async Task MutatingEndpoint_AfterSessionLifetime_Returns401Problem()
    {
        using var client = await fixture.ClientAsync();
        await Expect.OkAsync(await client.PostAsync("/consumers", Consumer));

        fixture.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        await Expect.OkAsync(await client.PostAsync("/consumers", Consumer));

        fixture.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var response = await client.PostAsync("/consumers", Consumer);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
        await Problem.AssertAsync(await client.GetAsync("/session"), HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Login_AfterExpiry_StartsAFreshSession()
    {
        using var client = await fixture.ClientAsync();
        fixture.Time.Advance(TimeSpan.FromHours(3));
        await Problem.AssertAsync(await client.PostAsync("/consumers", Consumer), HttpStatusCode.Unauthorized, "unauthenticated");

        await client.LoginAsync();

        await Expect.OkAsync(await client.PostAsync("/consumers", Consumer));
    }
}
