namespace Ftgo.Migration.Envelope;

/// <summary>An event that cannot be read as a Debezium change; its message is the dead-letter reason.</summary>
public sealed class MalformedChangeEventException(string reason, Exception? inner = null) : Exception(reason, inner);
