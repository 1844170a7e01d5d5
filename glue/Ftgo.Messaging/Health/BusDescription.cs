using Ftgo.Hosting.Storage;

namespace Ftgo.Messaging.Health;

/// <summary>The bus a process was configured with, for its health check.</summary>
internal sealed record BusDescription(BusKind Bus, StorageKind Storage, Uri? RabbitMq);
