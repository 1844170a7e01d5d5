using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Ftgo.Gateway.Tests.Infrastructure;

internal static class Loopback
{
    /// <summary>Where a started server listens.</summary>
    public static Uri AddressOf(IServiceProvider services) =>
        new(services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static void ListenOnAnyFreePort(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, int port = 0) =>
        kestrel.Listen(IPAddress.Loopback, port);

    /// <summary>A client that keeps no cookies and follows no redirects: tests say exactly what they send.</summary>
    public static HttpClient Client(Uri baseAddress) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
}
