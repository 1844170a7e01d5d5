using System.Runtime.InteropServices;

namespace Ftgo.Migration.Transport.Kafka;

/// <summary>
/// Chooses the librdkafka build Confluent.Kafka loads. The redist package's default
/// <c>librdkafka.so</c> links against <c>libsasl2.so.3</c>, which Debian 12 lacks; its
/// <c>centos8-librdkafka.so</c> is self-contained and the same version, so it is preferred on
/// Linux x64 when present.
/// </summary>
public static class KafkaNative
{
    private static readonly Lock Gate = new();
    private static bool _loaded;

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
            {
                return;
            }
            _loaded = true;
            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
            {
                return;
            }
            var candidate = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "centos8-librdkafka.so");
            if (File.Exists(candidate))
            {
                // Library.Load would dlopen through "libdl", which Debian 12 only has as libdl.so.2.
                NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, (name, _, _) =>
                    name.Contains("librdkafka", StringComparison.Ordinal) ? NativeLibrary.Load(candidate) : IntPtr.Zero);
            }
        }
    }
}
