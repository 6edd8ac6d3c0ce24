using Stamina.Contracts;
using Stamina.Coordinator.Items;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.Tests.Infrastructure;

namespace Stamina.Coordinator.Tests.Persistence;

/// <summary>Whatever text a worker reports is stored on both stores: PostgreSQL used to refuse a NUL (22021) for ever.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class StoredTextTests(string kind) : StoreFixture(kind)
{
    static readonly WorkerIdentity Worker = new() { Name = "w1", Machine = "m1", Pool = "default" };

    // A NUL, then a pair cut in half (a tail taken by UTF-16 length), then an unpaired high surrogate.
    const string Odd = "a\0b \uDE00 c\uD83D";

    [Test]
    public async Task When_a_result_holds_NUL_and_lone_surrogates_Should_be_accepted_with_them_replaced()
    {
        var id = await Store.SubmitAsync();
        await Store.ClaimAsync(id, 1, Worker);

        await Store.CompleteAsync(new CompleteAttempt
        {
            WorkItemId = id,
            Attempt = 1,
            Worker = Worker.Name,
            Outcome = AttemptOutcome.Succeeded,
            Message = Odd,
            Progress = new AgentProgress { LastTool = Odd, Model = "m\0" },
            Result = new AttemptResult { Branch = "stamina/x/1", Summary = Odd + " \U0001F600 kept" },
        });

        var item = await Store.Get<ItemQueries>().GetAsync(id, default);
        Assert.That(item!.State, Is.EqualTo("Succeeded"));
        Assert.That(item.Attempts.Single().Message, Is.EqualTo("a\uFFFDb \uFFFD c\uFFFD"));
        Assert.That(item.Attempts.Single().LastTool, Is.EqualTo("a\uFFFDb \uFFFD c\uFFFD"));
        Assert.That(item.Result!.Summary, Is.EqualTo("a\uFFFDb \uFFFD c\uFFFD \U0001F600 kept"));
    }

    [TestCase("plain", "plain")]
    [TestCase("\U0001F600", "\U0001F600")]
    [TestCase("\0", "\uFFFD")]
    public void Clean_Should_keep_valid_text_and_replace_the_rest(string text, string expected) =>
        Assert.That(StoredText.Clean(text), Is.EqualTo(expected));
}
