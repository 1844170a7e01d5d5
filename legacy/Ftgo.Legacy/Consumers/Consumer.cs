using Ftgo.Legacy.Common;

namespace Ftgo.Legacy.Consumers;

public sealed class Consumer
{
    public long Id { get; private set; }
    public PersonName Name { get; private set; } = null!;

    private Consumer() { }

    public Consumer(PersonName name) => Name = name;
}
