using Ftgo.Glue.Contracts;

namespace Ftgo.Messaging.OutboxChild;

/// <summary>A message the tests send and count.</summary>
[MessageName("ftgo.test.probe", 1)]
public sealed record Probe(Guid Run, int Seq);

/// <summary>A message whose handler always fails.</summary>
[MessageName("ftgo.test.poison", 1)]
public sealed record Poison(Guid Run);
