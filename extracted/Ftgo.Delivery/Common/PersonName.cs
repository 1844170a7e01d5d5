namespace Ftgo.Delivery.Common;

public sealed record PersonName
{
    public PersonName(string firstName, string lastName)
    {
        FirstName = string.IsNullOrWhiteSpace(firstName) ? throw new ArgumentException("A name needs a first name.", nameof(firstName)) : firstName.Trim();
        LastName = string.IsNullOrWhiteSpace(lastName) ? throw new ArgumentException("A name needs a last name.", nameof(lastName)) : lastName.Trim();
    }

    public string FirstName { get; private init; }
    public string LastName { get; private init; }
}
