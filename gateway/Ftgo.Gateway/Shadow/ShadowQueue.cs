using System.Threading.Channels;
using Ftgo.Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// The bounded hand-off between a client's request and its comparison: offering never waits; when the
/// queue is full the copy is dropped and counted, so a slow other side never slows a client.
/// </summary>
internal sealed class ShadowQueue(IOptions<ShadowOptions> options, GatewayMetrics metrics)
{
    private readonly Channel<ShadowWork> _channel = Channel.CreateBounded<ShadowWork>(
        new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });

    public int MaxBodyBytes => options.Value.MaxBodyBytes;

    public ChannelReader<ShadowWork> Reader => _channel.Reader;

    public int Pending => _channel.Reader.Count;

    public void Offer(ShadowWork work)
    {
        if (!_channel.Writer.TryWrite(work))
        {
            metrics.ShadowDropped(work.Group.Name, work.PrimaryOrigin);
        }
    }
}
