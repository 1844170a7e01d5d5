using System.Text.Json.Serialization;

namespace Ftgo.Delivery.LegacyContract;

// The monolith's request and response shapes for the routes this service takes over, byte for
// byte (names, member order, optional street2). Type and parameter names match the monolith's
// too, because the framework's binding errors quote them.

public sealed record LegacyPersonName(string FirstName, string LastName);

public sealed record LegacyAddress(
    [property: JsonPropertyOrder(0)] string Street1,
    [property: JsonPropertyOrder(2)] string City,
    [property: JsonPropertyOrder(3)] string State,
    [property: JsonPropertyOrder(4)] string Zip)
{
    [JsonPropertyOrder(1)]
    public string? Street2 { get; init; }
}

public sealed record CreateCourierRequest(LegacyPersonName Name, LegacyAddress Address);

public sealed record CreateCourierResponse(long Id);

public sealed record CourierAvailabilityRequest(bool Available);

public sealed record GetCourierResponse(long Id, LegacyPersonName Name, LegacyAddress Address, bool Available, CourierPlan Plan);

public sealed record CourierPlan(IReadOnlyList<PlannedAction> Actions);

public sealed record PlannedAction(string Type, DateTime Time, long OrderId);
