using System.Collections.Concurrent;

namespace Stamina.Worker.Tests.Messaging;

public sealed class PingLog
{
    readonly ConcurrentDictionary<int, bool> numbers = new();

    public void Received(int number) => numbers[number] = true;

    public bool Has(int number) => numbers.ContainsKey(number);
}
