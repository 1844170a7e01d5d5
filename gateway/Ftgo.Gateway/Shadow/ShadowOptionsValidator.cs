using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>Refuses to start with shadow settings that cannot be meant (a confirmation delay of a day), saying which and why.</summary>
internal sealed class ShadowOptionsValidator : IValidateOptions<ShadowOptions>
{
    public ValidateOptionsResult Validate(string? name, ShadowOptions options) =>
        options.Validate().ToList() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
