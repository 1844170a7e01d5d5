using System.Net;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Hosting.Auth;
using Ftgo.Stages;
using Ftgo.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Ftgo.Gateway.Tests.Auth;

/// <summary>
/// The gateway's signing key is rotated while requests flow: a new key file goes into its key folder (it signs
/// with it from then on, the old one still verifies), then the old file is removed. The service reads the
/// gateway's public keys again when a token names one it does not hold. No request fails.
/// </summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task RotatingTheKeyMidTraffic_FailsNoRequest_AndTheServiceFollows()
    {
        using var keys = new TestServiceKeys();
        using var data = new TempFolder("ftgo-gw-rotation");
        // The service reads the key set the gateway publishes (here its file; in production its URL).
        await using var delivery = await FakeService.StartAsync("delivery", requireServiceToken: true,
            keys: Path.Combine(data.Path, ServiceTokenOptions.DefaultKeySetFile));
        await using var gateway = new GatewayApp(LegacyPair.Instance.Legacy.BaseAddress, delivery.BaseAddress, delivery.BaseAddress,
            // The guard rails are not the subject: the first requests signed with the new key wait for the service's
            // read of the key set, which must not count as the new side slowing down.
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.RampDown, Rollback = new RollbackBounds { Enabled = false } } },
            new Dictionary<string, string?> { ["Ftgo:Auth:KeyFolder"] = keys.KeyFolder, ["Ftgo:DataFolder"] = data.Path }).Start();
        var client = await FtgoClient.LoginAsync(gateway.Client);
        var oldKey = Directory.GetFiles(keys.KeyFolder).Single();
        var firstKid = KeyIdOf(await WriteAsync(client, delivery));

        var failures = new List<string>();
        using var stop = new CancellationTokenSource();
        var traffic = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var answer = await client.PostAsync("/couriers/5/availability", new { available = true });
                if (answer.Status != HttpStatusCode.OK)
                {
                    lock (failures)
                    {
                        failures.Add($"{(int)answer.Status} {answer.Body}");
                    }
                }
            }
        });

        ServiceKeyRing.Create(keys.KeyFolder);
        var newKid = await Eventually.UntilAsync(() => Task.FromResult(delivery.Requests.Select(r => KeyIdOf(r.Headers["Authorization"])).Last()),
            kid => kid != firstKid, "the gateway to sign with the new key");
        File.Delete(oldKey);
        await Eventually.UntilAsync(async () => JsonNode.Parse(await gateway.Client.GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray().Count,
            count => count == 1, "the old key to leave the published set");
        var afterRemoval = delivery.Requests.Count;
        await Eventually.UntilAsync(() => Task.FromResult(delivery.Requests.Count), count => count > afterRemoval + 20,
            "requests after the old key was removed");
        await stop.CancelAsync();
        await traffic;

        Assert.True(failures.Count == 0, $"{failures.Count} failed, the first: {failures.FirstOrDefault()}");
        Assert.Equal(newKid, KeyIdOf(delivery.Requests.Last().Headers["Authorization"]));
        var published = JsonNode.Parse(await gateway.Client.GetStringAsync("/.well-known/jwks.json"))!["keys"]!.AsArray().Single()!;
        Assert.Equal((newKid, "EC", "P-256", "ES256"), (published["kid"]!.GetValue<string>(), published["kty"]!.GetValue<string>(),
            published["crv"]!.GetValue<string>(), published["alg"]!.GetValue<string>()));
        Assert.Null(published["d"]);
    }

    [Fact]
    public async Task AServiceThatCannotReadTheKeys_RefusesTheToken_NamingWhereItLooked()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"ftgo-no-keys-{Guid.NewGuid():N}.json");
        await using var delivery = await FakeService.StartAsync("delivery", requireServiceToken: true, keys: missing);
        using var service = Loopback.Client(delivery.BaseAddress);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/couriers/5");
        request.Headers.Authorization = new("Bearer", TestKeys.Gateway.Issue("delivery"));

        var response = await service.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        Assert.Contains(missing, detail);
        Assert.Contains("could not be read", detail);
    }

    private static async Task<string> WriteAsync(FtgoClient client, FakeService delivery)
    {
        (await client.PostAsync("/couriers/5/availability", new { available = true })).EnsureOk("the first write");
        return delivery.Requests.Last().Headers["Authorization"];
    }

    private static string KeyIdOf(string authorization) => new JsonWebToken(authorization["Bearer ".Length..]).Kid;
}
