using System.Net;
using System.Net.Sockets;
using System.Text;
using Ftgo.Gateway.Tests.Infrastructure;

namespace Ftgo.Gateway.Tests.Auth;

/// <summary>The gateway is not an open proxy: no request line or Host header sends a request anywhere but its own backends.</summary>
public sealed class OpenProxyTests : IAsyncLifetime
{
    private FakeService _legacy = null!;
    private FakeService _elsewhere = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _legacy = await FakeService.StartAsync("legacy");
        _elsewhere = await FakeService.StartAsync("elsewhere");
        _gateway = new GatewayApp(_legacy.BaseAddress, _legacy.BaseAddress, _legacy.BaseAddress).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _legacy.DisposeAsync();
        await _elsewhere.DisposeAsync();
    }

    private async Task<string> Raw(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _gateway.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[8192];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }

    [Fact]
    public async Task AnAbsoluteUriRequestLine_IsRefused()
    {
        var target = $"127.0.0.1:{_elsewhere.Port}";
        var response = await Raw($"GET http://{target}/steal HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response);
        Assert.Empty(_elsewhere.Requests);
        Assert.Empty(_legacy.Requests);
    }

    [Theory]
    [InlineData("/_ftgo/seam-calls?group=kitchen")]
    [InlineData("/_FTGO/cdc")]
    public async Task TheProcessesInternalEndpoints_AreNotServedToClients(string path)
    {
        var answer = await _gateway.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Empty(_legacy.Requests);
    }

    [Fact]
    public async Task AConnectRequest_IsRefused()
    {
        var response = await Raw($"CONNECT 127.0.0.1:{_elsewhere.Port} HTTP/1.1\r\nHost: 127.0.0.1:{_elsewhere.Port}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response);
        Assert.Empty(_elsewhere.Requests);
    }

    [Fact]
    public async Task AnUnknownHostName_IsRefused()
    {
        var response = await Raw("GET /consumers/1 HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response);
        Assert.Empty(_legacy.Requests);
    }

    [Fact]
    public async Task AHostHeaderNamingAnotherServer_StillGoesToTheConfiguredBackend()
    {
        var response = await Raw($"GET /consumers/1 HTTP/1.1\r\nHost: 127.0.0.1:{_elsewhere.Port}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 200", response);
        Assert.Contains("X-Ftgo-Origin: legacy", response);
        Assert.Empty(_elsewhere.Requests);
        var received = Assert.Single(_legacy.Requests);
        Assert.Equal($"127.0.0.1:{_legacy.Port}", received.Headers["Host"]);
    }
}
