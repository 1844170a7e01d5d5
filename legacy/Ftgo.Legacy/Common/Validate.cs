using Ftgo.Hosting.Problems;

namespace Ftgo.Legacy.Common;

/// <summary>Input checks that the JSON binder cannot express; each failure is a 400.</summary>
internal static class Validate
{
    public static string Text(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        return value.Trim();
    }

    public static Address Address(Address? address, string field)
    {
        if (address is null)
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        return new Address(
            Text(address.Street1, $"{field}.street1"),
            Text(address.City, $"{field}.city"),
            Text(address.State, $"{field}.state"),
            Text(address.Zip, $"{field}.zip"))
        {
            Street2 = string.IsNullOrWhiteSpace(address.Street2) ? null : address.Street2.Trim(),
        };
    }

    public static PersonName Name(PersonName? name, string field)
    {
        if (name is null)
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        return new PersonName(Text(name.FirstName, $"{field}.firstName"), Text(name.LastName, $"{field}.lastName"));
    }
}
