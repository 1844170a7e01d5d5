namespace Ftgo.Gateway.Routing;

internal static class PartitionResolverExtensions
{
    /// <summary>The partition lookup of groups split by partition: its options, its client to the monolith's nodes, the resolver.</summary>
    public static IServiceCollection AddPartitionResolver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PartitionOptions>().Bind(configuration.GetSection(PartitionOptions.Section))
            .Validate(o => o.CacheSize > 0 && o.LookupTimeout > TimeSpan.Zero && o.RetryAfterSeconds > 0,
                $"{PartitionOptions.Section}: CacheSize, LookupTimeout and RetryAfterSeconds must be positive.")
            .ValidateOnStart();
        services.AddHttpClient(PartitionResolver.HttpClientName).ConfigurePrimaryHttpMessageHandler(() =>
            new SocketsHttpHandler { UseCookies = false, UseProxy = false, AllowAutoRedirect = false });
        services.AddSingleton<PartitionResolver>();
        services.AddSingleton<Flags.PartitionChanges>();
        return services;
    }
}
