namespace Ftgo.Cli.ThroughApi;

/// <summary>A run that cannot go on: a side unreachable or silent (the message names its URL), or a group with nothing to compare.</summary>
internal sealed class ApiVerifyException(string message) : Exception(message);
