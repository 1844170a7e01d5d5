using Ftgo.Hosting.Problems;

namespace Ftgo.Legacy.Common;

/// <summary>
/// Input checks that the JSON binder cannot express; each failure is a 400. Lengths and money
/// bounds are those of the columns (see LegacyDbContext), so every store accepts the same values:
/// SQLite would keep what PostgreSQL's varchar and numeric(12,2) refuse.
/// </summary>
internal static class Validate
{
    public const int NameLength = 100;
    public const int TitleLength = 200;
    public const int MenuItemIdLength = 64;

    /// <summary>The largest price numeric(12,2) holds.</summary>
    private const decimal MaxMoney = 9_999_999_999.99m;

    public static string Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        var text = value.Trim();
        if (text.Length > maxLength)
        {
            throw new InvalidRequestException($"'{field}' must be at most {maxLength} characters.");
        }
        return text;
    }

    public static Address Address(Address? address, string field)
    {
        if (address is null)
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        return new Address(
            Text(address.Street1, $"{field}.street1", TitleLength),
            Text(address.City, $"{field}.city", NameLength),
            Text(address.State, $"{field}.state", 50),
            Text(address.Zip, $"{field}.zip", 20))
        {
            Street2 = string.IsNullOrWhiteSpace(address.Street2) ? null : Text(address.Street2, $"{field}.street2", TitleLength),
        };
    }

    public static PersonName Name(PersonName? name, string field)
    {
        if (name is null)
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        return new PersonName(Text(name.FirstName, $"{field}.firstName", NameLength), Text(name.LastName, $"{field}.lastName", NameLength));
    }

    /// <summary>A positive amount in whole cents that the money columns can hold.</summary>
    public static decimal Money(decimal value, string field)
    {
        if (value <= 0 || value > MaxMoney || value != decimal.Round(value, 2))
        {
            throw new InvalidRequestException($"'{field}' must be a positive amount of at most {MaxMoney:0.00} in whole cents.");
        }
        return value;
    }
}
