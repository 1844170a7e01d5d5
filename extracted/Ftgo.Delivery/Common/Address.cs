namespace Ftgo.Delivery.Common;

/// <summary>A street address: where a delivery is picked up or dropped off, where a courier or restaurant is.</summary>
public sealed record Address
{
    public Address(string street1, string? street2, string city, string state, string zip)
    {
        Street1 = Required(street1, nameof(street1));
        Street2 = string.IsNullOrWhiteSpace(street2) ? null : street2.Trim();
        City = Required(city, nameof(city));
        State = Required(state, nameof(state));
        Zip = Required(zip, nameof(zip));
    }

    public string Street1 { get; private init; }
    public string? Street2 { get; private init; }
    public string City { get; private init; }
    public string State { get; private init; }
    public string Zip { get; private init; }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"An address needs a {field}.", field) : value.Trim();
}
