using System.Reflection;
using Ftgo.Glue.Contracts;

namespace Ftgo.Glue.Samples;

/// <summary>
/// One sample of every message of the published language, as it travels on the wire
/// (<c>Samples/&lt;wire identity&gt;.json</c>, embedded): the consumer-driven contract. A producer's test
/// proves it emits the sample's shape, each consumer's test proves it handles the sample, and a
/// contract changed without its sample fails the contract tests (tests/Ftgo.Contract.Tests).
/// </summary>
public static class MessageSamples
{
    private const string Prefix = "Ftgo.Glue.Samples.";

    /// <summary>Every message contract: the types of this assembly that carry a <see cref="MessageNameAttribute"/>.</summary>
    public static IReadOnlyList<Type> Contracts { get; } = typeof(MessageNameAttribute).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<MessageNameAttribute>() is not null)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The wire identity of every sample there is (<c>ftgo.kitchen.ticket-accepted.v1</c>).</summary>
    public static IReadOnlyList<string> Identities { get; } = typeof(MessageSamples).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".json".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The wire identity of a contract (<c>ftgo.kitchen.ticket-accepted.v1</c>).</summary>
    public static string IdentityOf(Type contract) =>
        contract.GetCustomAttribute<MessageNameAttribute>()?.Identity
        ?? throw new ArgumentException($"{contract.Name} is not a message contract (no [MessageName]).", nameof(contract));

    /// <summary>The sample of a contract as JSON text, or null when it has none.</summary>
    public static string? Find(Type contract)
    {
        using var stream = typeof(MessageSamples).Assembly.GetManifestResourceStream(Prefix + IdentityOf(contract) + ".json");
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The sample of a contract; fails naming the file to add when it has none.</summary>
    public static string Of(Type contract) =>
        Find(contract) ?? throw new InvalidOperationException(
            $"{contract.Name} has no sample: add glue/Ftgo.Glue/Samples/{IdentityOf(contract)}.json with the message as it travels on the wire.");
}
