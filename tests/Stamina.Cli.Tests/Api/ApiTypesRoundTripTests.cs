using System.Text.Json;
using System.Text.Json.Nodes;
using Stamina.Cli.Api;
using Stamina.Coordinator.Api;
using Server = Stamina.Coordinator;

namespace Stamina.Cli.Tests.Api;

/// <summary>
/// The CLI keeps its own copies of the coordinator's views and requests (it must not reference the coordinator). These
/// tests hold the copies to the originals: every field of a populated server view survives the CLI's type (read with the
/// CLI's options, written again), and every field the CLI sends is one the coordinator reads (its strict options refuse
/// unknown members) and keeps. A field added, renamed or retyped on one side only fails here, not in a user's terminal.
/// </summary>
[TestFixture]
public sealed class ApiTypesRoundTripTests
{
    /// <summary>How the coordinator's HTTP API writes its answers (minimal APIs' web defaults).</summary>
    static readonly JsonSerializerOptions ServerWrites = new(JsonSerializerDefaults.Web);

    static readonly (Type Server, Type Cli)[] Views =
    [
        (typeof(Server.Items.ItemView), typeof(WorkItem)),
        (typeof(Server.Workers.WorkerView), typeof(WorkerInfo)),
        (typeof(Server.Batches.BatchView), typeof(BatchInfo)),
        (typeof(Server.Breakers.BreakerView), typeof(BreakerInfo)),
        (typeof(Server.Api.Dispatch.DispatchView), typeof(DispatchState)),
        (typeof(Server.Pipelines.PipelineView), typeof(Pipeline)),
        (typeof(Server.Schedules.ScheduleView), typeof(ScheduleInfo)),
        (typeof(Server.Stats.StatsView), typeof(FleetStats)),
        (typeof(Server.Api.PruneAnswer), typeof(Cli.Api.PruneAnswer)),
        (typeof(Server.Reports.MorningReport), typeof(Cli.Api.MorningReport)),
    ];

    static readonly (Type Cli, Type Server)[] Requests =
    [
        (typeof(Cli.Api.SubmitItemRequest), typeof(Server.Api.SubmitItemRequest)),
        (typeof(Cli.Api.BatchRequest), typeof(Server.Batches.BatchRequest)),
        (typeof(Cli.Api.DispatchPauseRequest), typeof(Server.Api.Dispatch.DispatchPauseRequest)),
        (typeof(Cli.Api.PipelineStepRequest), typeof(Server.Api.PipelineStepRequest)),
        (typeof(Cli.Api.PruneRequest), typeof(Server.Api.PruneRequest)),
        (typeof(ScheduleAddRequest), typeof(Server.Schedules.ScheduleRequest)),
    ];

    static IEnumerable<TestCaseData> ViewCases() => Views.Select(v => new TestCaseData(v.Server, v.Cli).SetArgDisplayNames(v.Server.Name, v.Cli.Name));

    static IEnumerable<TestCaseData> RequestCases() => Requests.Select(r => new TestCaseData(r.Cli, r.Server).SetArgDisplayNames(r.Cli.Name, r.Server.Name));

    [TestCaseSource(nameof(ViewCases))]
    public void Every_field_of_a_server_view_survives_the_CLI_type(Type server, Type cli)
    {
        var written = JsonSerializer.SerializeToNode(SampleValues.Of(server), server, ServerWrites);

        var read = written.Deserialize(cli, CliJson.Options);
        var writtenAgain = JsonSerializer.SerializeToNode(read, cli, CliJson.Options);

        Assert.That(JsonSubset.Differences(written, writtenAgain), Is.Empty, $"{written}");
    }

    [TestCaseSource(nameof(RequestCases))]
    public void Every_field_the_CLI_sends_is_read_and_kept_by_the_coordinator(Type cli, Type server)
    {
        var sent = JsonSerializer.SerializeToNode(SampleValues.Of(cli), cli, CliJson.Options);

        var read = sent.Deserialize(server, ApiJson.Strict);
        var kept = JsonSerializer.SerializeToNode(read, server, ApiJson.Strict);

        Assert.That(JsonSubset.Differences(sent, kept), Is.Empty, $"{sent}");
    }
}
