using RabbitMQ.Client;

namespace Ftgo.Testing;

/// <summary>Direct access to a broker (<see cref="RealEngines.RabbitMq"/> or a private node), to look at queues the way an operator would.</summary>
public static class Rabbit
{
    public static async Task<T> WithChannelAsync<T>(string uri, Func<IChannel, Task<T>> action)
    {
        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return await action(channel);
    }

    /// <summary>Messages waiting in a queue (0 when no one declared it).</summary>
    public static Task<uint> CountAsync(string uri, string queue) =>
        WithChannelAsync(uri, async ch =>
        {
            try
            {
                return (await ch.QueueDeclarePassiveAsync(queue)).MessageCount;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
            {
                return 0u;
            }
        });

    /// <summary>Consumers of a queue.</summary>
    public static Task<uint> ConsumersAsync(string uri, string queue) =>
        WithChannelAsync(uri, async ch => (await ch.QueueDeclarePassiveAsync(queue)).ConsumerCount);

    /// <summary>
    /// Takes the first message of <paramref name="queue"/> whose body or headers mention <paramref name="marker"/>;
    /// the others are left unacknowledged and go back to the queue when the channel closes.
    /// Returns the body and header values as text, or null when there is none.
    /// </summary>
    public static Task<string?> TakeAsync(string uri, string queue, string marker) =>
        WithChannelAsync(uri, async ch =>
        {
            while (await ch.BasicGetAsync(queue, autoAck: false) is { } message)
            {
                var headers = string.Join(" ", (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                    .Select(h => $"{h.Key}={(h.Value is byte[] b ? System.Text.Encoding.UTF8.GetString(b) : h.Value)}"));
                var text = $"{System.Text.Encoding.UTF8.GetString(message.Body.Span)} type={message.BasicProperties.Type} {headers}";
                if (text.Contains(marker, StringComparison.Ordinal))
                {
                    await ch.BasicAckAsync(message.DeliveryTag, multiple: false);
                    return text;
                }
            }
            return (string?)null;
        });

    public static Task DeleteAsync(string uri, params string[] queues) =>
        WithChannelAsync(uri, async ch =>
        {
            foreach (var queue in queues)
            {
                await ch.QueueDeleteAsync(queue);
            }
            return true;
        });
}
