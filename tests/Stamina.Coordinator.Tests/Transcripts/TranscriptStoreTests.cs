using System.Text;
using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Tests.Infrastructure;
using Stamina.Coordinator.Transcripts;
using Stamina.Coordinator.WorkItems.Proofs;

namespace Stamina.Coordinator.Tests.Transcripts;

/// <summary>Transcripts on a real database of each kind: appended only at the end, read from any offset.</summary>
[TestFixture(TestStore.Postgres)]
[TestFixture(TestStore.Sqlite)]
public sealed class TranscriptStoreTests(string kind)
{
    TestStore database = null!;
    TranscriptStore store = null!;
    readonly Guid item = Guid.NewGuid();
    readonly (AttemptSecret Secret, string Hash) issued = AttemptSecrets.Issue();

    [SetUp]
    public async Task Start()
    {
        database = await TestStore.CreateAsync(kind);
        await using var connection = await database.Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync("""
            insert into work_items (id, state, max_attempts, pool, created_at, updated_at) values (@item, 'Running', 3, 'default', @now, @now);
            insert into attempts (item_id, number, worker, machine, secret_hash, started_at) values (@item, 1, 'w1', 'm1', @hash, @now);
            """, new { item, now = DateTimeOffset.UtcNow, hash = issued.Hash });
        store = new TranscriptStore(database.Database);
    }

    [TearDown]
    public async Task Stop() => await database.DisposeAsync();

    [Test]
    public async Task Chunks_Should_append_in_order_and_a_duplicate_or_a_gap_should_change_nothing()
    {
        Assert.That(await store.AppendAsync(Chunk(0, "{\"a\":1}\n"), default), Is.EqualTo(TranscriptAppend.Appended));
        Assert.That(await store.AppendAsync(Chunk(0, "{\"a\":1}\n"), default), Is.EqualTo(TranscriptAppend.NotAtEnd), "a duplicate");
        Assert.That(await store.AppendAsync(Chunk(100, "{\"z\":0}\n"), default), Is.EqualTo(TranscriptAppend.NotAtEnd), "a gap");
        Assert.That(await store.AppendAsync(Chunk(8, "{\"b\":2}\n") with { Final = true }, default), Is.EqualTo(TranscriptAppend.Appended));

        var whole = await store.ReadAsync(item, 1, 0, default);
        Assert.That(Encoding.UTF8.GetString(whole!.Data), Is.EqualTo("{\"a\":1}\n{\"b\":2}\n"));
        Assert.That((whole.Length, whole.Complete, whole.Truncated), Is.EqualTo((16L, true, false)));

        var middle = await store.ReadAsync(item, 1, 5, default);
        Assert.That(Encoding.UTF8.GetString(middle!.Data), Is.EqualTo("1}\n{\"b\":2}\n"), "an offset inside a chunk");
        Assert.That((await store.ReadAsync(item, 1, 16, default))!.Data, Is.Empty);
        Assert.That((await store.ReadAsync(item, 1, 1000, default))!.Data, Is.Empty);
    }

    [Test]
    public async Task Raw_bytes_Should_come_back_unchanged_and_an_unknown_attempt_should_read_as_missing()
    {
        byte[] invalidUtf8 = [0x7b, 0xff, 0xfe, 0x7d, 0x0a];
        await store.AppendAsync(Chunk(0, "") with { Data = invalidUtf8, Truncated = true }, default);

        var slice = await store.ReadAsync(item, 1, 0, default);
        Assert.That(slice!.Data, Is.EqualTo(invalidUtf8));
        Assert.That((slice.Truncated, slice.Complete), Is.EqualTo((true, false)));
        Assert.That(await store.ReadAsync(item, 2, 0, default), Is.Null);
        Assert.That(await store.ReadAsync(Guid.NewGuid(), 1, 0, default), Is.Null);
    }

    [Test]
    public async Task A_chunk_not_from_the_holder_or_for_no_attempt_Should_store_nothing()
    {
        Assert.That(await store.AppendAsync(Chunk(0, "x\n") with { Secret = null }, default), Is.EqualTo(TranscriptAppend.Forged), "no secret");
        Assert.That(await store.AppendAsync(Chunk(0, "x\n") with { Secret = new AttemptSecret { Value = "guess" } }, default),
            Is.EqualTo(TranscriptAppend.Forged), "a wrong secret");
        Assert.That(await store.AppendAsync(Chunk(0, "x\n") with { Worker = "w2" }, default), Is.EqualTo(TranscriptAppend.Forged), "another worker");
        Assert.That(await store.AppendAsync(Chunk(0, "x\n") with { Attempt = 2 }, default), Is.EqualTo(TranscriptAppend.Forged), "an attempt never granted");
        var nowhere = Guid.NewGuid();
        Assert.That(await store.AppendAsync(Chunk(0, "x\n") with { WorkItemId = nowhere, Final = true }, default), Is.EqualTo(TranscriptAppend.Forged), "no such item");

        await using var connection = await database.Database.OpenConnectionAsync(CancellationToken.None);
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from transcript_chunks"), Is.Zero);
        Assert.That(await connection.ExecuteScalarAsync<bool>("select transcript_complete from attempts where item_id = @item", new { item }), Is.False);
    }

    TranscriptChunk Chunk(long offset, string text) =>
        new() { WorkItemId = item, Attempt = 1, Worker = "w1", Secret = issued.Secret, Offset = offset, Data = Encoding.UTF8.GetBytes(text) };
}
