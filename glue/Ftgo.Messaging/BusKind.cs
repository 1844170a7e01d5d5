using Microsoft.Extensions.Configuration;

namespace Ftgo.Messaging;

/// <summary>Which transport carries messages between FTGO processes (<c>Ftgo:Bus</c>).</summary>
public enum BusKind
{
    /// <summary>Queues in the database (SQLite or PostgreSQL transport of Wolverine): nothing to install.</summary>
    Local,

    /// <summary>RabbitMQ at <c>ConnectionStrings:RabbitMq</c>.</summary>
    RabbitMq,
}

public static class BusSettings
{
    public const string Key = "Ftgo:Bus";
    public const string RabbitMqConnectionName = "RabbitMq";

    public static BusKind Kind(IConfiguration configuration)
    {
        var value = configuration[Key];
        return value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "local" => BusKind.Local,
            "rabbitmq" => BusKind.RabbitMq,
            _ => throw new InvalidOperationException($"{Key} is '{value}'; it must be 'local' or 'rabbitmq'."),
        };
    }

    /// <summary>The AMQP URI of <c>ConnectionStrings:RabbitMq</c>; required when the bus is RabbitMQ.</summary>
    public static Uri RabbitMqUri(IConfiguration configuration)
    {
        var value = configuration.GetConnectionString(RabbitMqConnectionName);
        if (string.IsNullOrWhiteSpace(value) || !Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException(
                $"{Key} is 'rabbitmq' but ConnectionStrings:{RabbitMqConnectionName} is not an AMQP URI (it is '{value}').");
        }
        return uri;
    }
}
