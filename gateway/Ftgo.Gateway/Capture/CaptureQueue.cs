using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Capture;

/// <summary>
/// The bounded hand-off between the shadow comparison and the one capture writer: offering never
/// waits; when the writer is behind (a slow disk) the exchange is dropped and counted.
/// </summary>
internal sealed class CaptureQueue(IOptions<CaptureOptions> options, CaptureSwitch captureSwitch, CaptureStats stats)
{
    private readonly Channel<CaptureItem> _channel = Channel.CreateBounded<CaptureItem>(
        new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = true,
        });

    public ChannelReader<CaptureItem> Reader => _channel.Reader;

    /// <summary>Whether the reads of a group are recorded now (checked before any header is copied).</summary>
    public bool IsOn(string group) => captureSwitch.IsOn(group);

    public void Offer(CaptureItem item)
    {
        if (!_channel.Writer.TryWrite(item))
        {
            stats.Dropped(item.Work.Group.Name);
        }
    }
}
