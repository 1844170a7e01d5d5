using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Ftgo.Stages;

/// <summary>
/// The sticky cohort hash, with the semantics of FeatureManagement's percentile allocation with a
/// seed: SHA-256 of the UTF-8 bytes of <c>"{cohort}\n{seed}"</c>, the first four bytes read as an
/// unsigned integer (machine order, as <see cref="BitConverter"/> does), scaled to 0–100. A cohort is
/// in <c>[from, to)</c>, or in <c>[from, 100]</c> when <c>to</c> is 100. The same cohort lands on the
/// same side in every process that reads the same flags: the gateway, the monolith, the CLI.
/// </summary>
public static class Cohorts
{
    private const int StackLimit = 256;

    /// <summary>The cohort's position, 0–100, for a seed.</summary>
    public static double Percentile(string cohortKey, string seed) =>
        Percentile(cohortKey, Encoding.UTF8.GetBytes("\n" + seed));

    /// <summary>
    /// As <see cref="Percentile(string, string)"/> with the seed already encoded as <c>"\n{seed}"</c>
    /// (a group encodes it once per flags snapshot; the per-request cost is one small SHA-256).
    /// </summary>
    public static double Percentile(string cohortKey, ReadOnlySpan<byte> newlineAndSeed)
    {
        var length = Encoding.UTF8.GetMaxByteCount(cohortKey.Length) + newlineAndSeed.Length;
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(cohortKey, buffer);
            newlineAndSeed.CopyTo(buffer[written..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..(written + newlineAndSeed.Length)], hash);
            var marker = BitConverter.ToUInt32(hash);
            return marker / (double)uint.MaxValue * 100;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>FeatureManagement's range test for a percentile allocation.</summary>
    public static bool InRange(double percentile, double from, double to) =>
        to >= 100 ? percentile >= from : percentile >= from && percentile < to;
}
