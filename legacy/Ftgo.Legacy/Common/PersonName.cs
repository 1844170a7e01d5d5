namespace Ftgo.Legacy.Common;

public sealed record PersonName(string FirstName, string LastName);
