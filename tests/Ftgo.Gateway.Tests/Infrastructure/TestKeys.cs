using Ftgo.Testing;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>Fixed secrets of the test hosts.</summary>
public static class TestKeys
{
    /// <summary>The test gateways' signing keys (<c>Ftgo:Auth:KeyFolder</c>), whose public set the fake services trust.</summary>
    public static readonly TestServiceKeys Gateway = new();

    public const string AdminToken = "test-admin-token";
}
