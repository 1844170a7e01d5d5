namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>Fixed secrets of the test hosts.</summary>
public static class TestKeys
{
    /// <summary>The service token's signing key shared by the test gateway and the test services.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    public static readonly string OtherSigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 11)).ToArray());

    public const string AdminToken = "test-admin-token";
}
