using Ftgo.Glue.Contracts;

namespace Ftgo.Delivery.Common;

/// <summary>From the published language's value shapes to this service's value objects.</summary>
public static class ContractTranslation
{
    public static Address ToAddress(this AddressData data) =>
        new(data.Street1, data.Street2, data.City, data.State, data.Zip);
}
