using System.Data.Common;
using Dapper;
using Stamina.Contracts;
using Stamina.Coordinator.Journal;
using Stamina.Coordinator.Persistence;
using Stamina.Coordinator.WorkItems.Proofs;

namespace Stamina.Coordinator.Transcripts;

/// <summary>
/// Transcripts as chunks keyed by byte offset. A chunk is stored only when it starts at the current end,
/// so a duplicate delivery changes nothing; reads slice across chunks. A chunk is stored only from the attempt's
/// holder (its name and the secret of its claim grant), during the attempt or after it ended.
/// </summary>
public sealed class TranscriptStore(StaminaDatabase database)
{
    public const int MaxChunkBytes = 256 * 1024;

    public async Task<TranscriptAppend> AppendAsync(TranscriptChunk chunk, CancellationToken cancellationToken)
    {
        await using var write = await database.BeginEventTransactionAsync(cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        // Serialises appends to one transcript even if two coordinators consume at once (SQLite: the
        // transaction itself already admits one writer only).
        if (database.Dialect.KeyLock is { } transcriptLock)
        {
            await connection.ExecuteAsync(new CommandDefinition(transcriptLock,
                new { key = $"transcript:{chunk.WorkItemId}:{chunk.Attempt}" }, transaction, cancellationToken: cancellationToken));
        }

        var holder = await connection.QuerySingleOrDefaultAsync<AttemptHolder>(new CommandDefinition(
            "select worker as Worker, account as Account, secret_hash as SecretHash from attempts where item_id = @WorkItemId and number = @Attempt",
            chunk, transaction, cancellationToken: cancellationToken));
        if (holder is null || holder.Worker != chunk.Worker || !AttemptSecrets.Matches(chunk.Secret, holder.SecretHash))
            return TranscriptAppend.Forged;
        var end = await EndAsync(connection, transaction, chunk.WorkItemId, chunk.Attempt, cancellationToken);
        var appended = false;
        if (chunk.Offset == end && chunk.Data.Length > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into transcript_chunks (item_id, attempt, "offset", data) values (@WorkItemId, @Attempt, @Offset, @Data)
                """, chunk, transaction, cancellationToken: cancellationToken));
            appended = true;
        }
        if (chunk.Final || chunk.Truncated)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                update attempts set transcript_complete = transcript_complete or @Final,
                    transcript_truncated = transcript_truncated or @Truncated
                where item_id = @WorkItemId and number = @Attempt
                """, chunk, transaction, cancellationToken: cancellationToken));
        }

        await write.CommitAsync(cancellationToken);
        return appended || chunk.Data.Length == 0 ? TranscriptAppend.Appended : TranscriptAppend.NotAtEnd;
    }

    /// <summary>The transcript from <paramref name="offset"/> on, with its state; null when the attempt does not exist.</summary>
    public async Task<TranscriptSlice?> ReadAsync(Guid itemId, int attempt, long offset, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var state = await connection.QuerySingleOrDefaultAsync<AttemptTranscriptState>(new CommandDefinition("""
            select ended_at as EndedAt, transcript_complete as Complete, transcript_truncated as Truncated
            from attempts where item_id = @itemId and number = @attempt
            """, new { itemId, attempt }, cancellationToken: cancellationToken));
        if (state is null)
            return null;
        var chunks = (await connection.QueryAsync<(long Offset, byte[] Data)>(new CommandDefinition("""
            select "offset", data from transcript_chunks
            where item_id = @itemId and attempt = @attempt and "offset" + length(data) > @offset
            order by "offset"
            """, new { itemId, attempt, offset }, cancellationToken: cancellationToken))).ToList();
        var length = await EndAsync(connection, null, itemId, attempt, cancellationToken);
        using var body = new MemoryStream();
        foreach (var (start, data) in chunks)
        {
            var skip = (int)Math.Max(0, offset - start);
            await body.WriteAsync(data.AsMemory(skip, data.Length - skip), cancellationToken);
        }
        return new TranscriptSlice(body.ToArray(), length, state.Complete, state.Truncated, state.EndedAt);
    }

    static Task<long> EndAsync(DbConnection connection, DbTransaction? transaction, Guid itemId, int attempt, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            select coalesce(max("offset" + length(data)), 0) from transcript_chunks where item_id = @itemId and attempt = @attempt
            """, new { itemId, attempt }, transaction, cancellationToken: cancellationToken));

    sealed record AttemptTranscriptState(DateTimeOffset? EndedAt, bool Complete, bool Truncated);
}
