using Ftgo.Glue.Contracts;

namespace Ftgo.Delivery.Common;

/// <summary>Between the published language's value shapes and this service's value objects.</summary>
public static class ContractTranslation
{
    public static Address ToAddress(this AddressData data) =>
        new(data.Street1, data.Street2, data.City, data.State, data.Zip);

    public static AddressData ToData(this Address address) =>
        new(address.Street1, address.Street2, address.City, address.State, address.Zip);
}
