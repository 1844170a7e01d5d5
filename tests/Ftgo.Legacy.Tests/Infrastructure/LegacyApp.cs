using Ftgo.Testing.Hosts;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>
/// The monolith hosted in memory on one <see cref="TestDatabase"/>, with <paramref name="settings"/> over
/// its test settings; a <paramref name="clock"/>, if given, replaces the app's <see cref="TimeProvider"/>.
/// </summary>
public sealed class LegacyApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null,
    TimeProvider? clock = null) : ServiceHost<Program>(LegacySettings.For(database).With(settings), new ServiceHostOptions
    {
        Clock = clock,
        ValidateServices = true,
        // Every test logs in; the production PBKDF2 work factor (100k rounds) would dominate the
        // run on two cores. The hash format and the check are unchanged, only cheaper.
        Services = services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000),
    })
{
    public TestDatabase Database { get; } = database;

    /// <summary>A client that keeps cookies, logged in as demo/demo unless told otherwise.</summary>
    public async Task<FtgoClient> ClientAsync(bool login = true)
    {
        var client = new FtgoClient(CreateClient(new WebApplicationFactoryClientOptions
        {
            HandleCookies = true,
            AllowAutoRedirect = false,
        }));
        if (login)
        {
            await client.LoginAsync();
        }
        return client;
    }

    /// <summary>Runs <paramref name="work"/> against the app's own database context.</summary>
    public async Task<T> QueryAsync<T>(Func<Data.LegacyDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<Data.LegacyDbContext>());
    }
}
