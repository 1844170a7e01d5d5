using System.Runtime.InteropServices;
using System.Text;

namespace Ftgo.KafkaMock;

/// <summary>
/// librdkafka's mock cluster, driven through its C API: a handle (<c>rd_kafka_new</c>) owns the
/// cluster, topics are created with <c>rd_kafka_mock_topic_create</c> (the mock does not serve
/// AdminClient topic calls), and <see cref="Bootstraps"/> is the address clients connect to.
/// </summary>
internal sealed unsafe class MockCluster : IDisposable
{
    private readonly IntPtr _library;
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private readonly delegate* unmanaged<IntPtr, byte*, int, int, int> _topicCreate;
    private readonly delegate* unmanaged<IntPtr, void> _clusterDestroy;
    private readonly delegate* unmanaged<IntPtr, void> _destroy;

    public MockCluster(string libraryPath, int brokers)
    {
        _library = NativeLibrary.Load(libraryPath);
        var confNew = (delegate* unmanaged<IntPtr>)NativeLibrary.GetExport(_library, "rd_kafka_conf_new");
        var kafkaNew = (delegate* unmanaged<int, IntPtr, byte*, nuint, IntPtr>)NativeLibrary.GetExport(_library, "rd_kafka_new");
        var clusterNew = (delegate* unmanaged<IntPtr, int, IntPtr>)NativeLibrary.GetExport(_library, "rd_kafka_mock_cluster_new");
        var bootstraps = (delegate* unmanaged<IntPtr, IntPtr>)NativeLibrary.GetExport(_library, "rd_kafka_mock_cluster_bootstraps");
        _topicCreate = (delegate* unmanaged<IntPtr, byte*, int, int, int>)NativeLibrary.GetExport(_library, "rd_kafka_mock_topic_create");
        _clusterDestroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(_library, "rd_kafka_mock_cluster_destroy");
        _destroy = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(_library, "rd_kafka_destroy");

        var error = stackalloc byte[512];
        const int producer = 0;
        _handle = kafkaNew(producer, confNew(), error, 512);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((IntPtr)error)}");
        }
        _cluster = clusterNew(_handle, brokers);
        if (_cluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }
        Bootstraps = Marshal.PtrToStringUTF8(bootstraps(_cluster)) ?? throw new InvalidOperationException("The mock cluster has no bootstrap address.");
    }

    public string Bootstraps { get; }

    public void CreateTopic(string topic, int partitions)
    {
        var name = Encoding.UTF8.GetBytes(topic + "\0");
        fixed (byte* p = name)
        {
            var code = _topicCreate(_cluster, p, partitions, 1);
            if (code != 0)
            {
                throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}) failed with error code {code}.");
            }
        }
    }

    public void Dispose()
    {
        _clusterDestroy(_cluster);
        _destroy(_handle);
        NativeLibrary.Free(_library);
    }
}
