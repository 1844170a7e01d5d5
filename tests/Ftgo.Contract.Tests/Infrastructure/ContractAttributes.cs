namespace Ftgo.Contract.Tests.Infrastructure;

/// <summary>Marks the test proving that a message's producer emits the shape of its sample.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProducerContractAttribute(Type message) : Attribute
{
    public Type Message { get; } = message;
}

/// <summary>Marks the test proving that the process listening to <paramref name="queue"/> handles a message's sample.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ConsumerContractAttribute(string queue, Type message) : Attribute
{
    public string Queue { get; } = queue;
    public Type Message { get; } = message;
}
