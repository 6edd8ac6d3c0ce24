using System.Text;
using Stamina.Worker.Processes;

namespace Stamina.Worker.Tests.Processes;

[TestFixture]
public sealed class OutputTailTests
{
    [Test]
    public void Should_hold_exactly_the_last_bytes_whatever_the_write_sizes()
    {
        var random = new Random(7);
        foreach (var capacity in new[] { 1, 7, 4096, 10_000 })
        {
            var tail = new OutputTail(capacity);
            var all = new StringBuilder();
            for (var i = 0; i < 120; i++)
            {
                var chunk = new string((char)('a' + (i % 26)), random.Next(0, capacity * 2 + 3));
                tail.Append(Encoding.ASCII.GetBytes(chunk));
                all.Append(chunk);
                var expected = all.ToString();
                Assert.That(tail.ToString(), Is.EqualTo(expected[Math.Max(0, expected.Length - capacity)..]), $"capacity {capacity}, write {i}");
            }
            Assert.That(tail.TotalBytes, Is.EqualTo(all.Length));
        }
    }
}
