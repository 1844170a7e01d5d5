using System.Text.Json.Serialization;

namespace Ftgo.Legacy.Common;

/// <summary>FTGO's flat address, stored as flat columns on its owner's row. <c>street2</c> is optional.</summary>
public sealed record Address(
    [property: JsonPropertyOrder(0)] string Street1,
    [property: JsonPropertyOrder(2)] string City,
    [property: JsonPropertyOrder(3)] string State,
    [property: JsonPropertyOrder(4)] string Zip)
{
    [JsonPropertyOrder(1)]
    public string? Street2 { get; init; }
}
