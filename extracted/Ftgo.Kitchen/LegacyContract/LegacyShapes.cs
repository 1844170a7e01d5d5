namespace Ftgo.Kitchen.LegacyContract;

/// <summary>The monolith's request body for accept, same name and shape so that even its binding errors read the same.</summary>
public sealed record AcceptOrderRequest(DateTime ReadyBy);
